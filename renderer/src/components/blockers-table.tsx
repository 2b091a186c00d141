/**
 * Who writeback will still fail for, and why: a virtualized, filterable table over the verdicts
 * held in main (blockers, and the warnings the cause table counts too). Rows are fetched in
 * windows as they scroll into view, so 100,000 users never sit in the renderer at once. The
 * filter is the page's, so a click on a cause filters the list.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { AssessRow } from '../../../shared/ipc';
import { useApi } from '../api';
import { withLocalTimes } from '../format';

const pageSize = 200;
export type SeverityFilter = '' | 'blocker' | 'warning';

export function BlockersTable({
  version,
  filter: controlled,
  onFilter,
}: {
  version: number;
  filter?: string;
  onFilter?: (text: string) => void;
}) {
  const api = useApi();
  const [own, setOwn] = useState('');
  const filter = controlled ?? own;
  const setFilter = onFilter ?? setOwn;
  const [severity, setSeverity] = useState<SeverityFilter>('');
  const [total, setTotal] = useState(0);
  const [rows, setRows] = useState<Map<number, AssessRow>>(new Map());
  const requested = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);

  const load = async (page: number, text: string, fresh: boolean) => {
    if (!fresh && requested.current.has(page)) return;
    requested.current.add(page);
    const result = await api['assess.rows']({
      offset: page * pageSize,
      limit: pageSize,
      ...(text ? { filter: text } : {}),
      ...(severity ? { severity } : {}),
    });
    if (!result.ok) return;
    setTotal(result.value.total);
    setRows((old) => {
      const next = fresh ? new Map<number, AssessRow>() : new Map(old);
      result.value.rows.forEach((row, i) => next.set(result.value.offset + i, row));
      return next;
    });
  };

  useEffect(() => {
    requested.current = new Set();
    void load(0, filter, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter, severity, version]);

  // eslint-disable-next-line react-hooks/incompatible-library -- used here only, never passed to memoized children
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    // Rows grow with their reasons; each is measured once rendered.
    estimateSize: () => 72,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) {
      if (!rows.has(item.index)) void load(Math.floor(item.index / pageSize), filter, false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items.map((i) => i.index).join(',')]);

  const what =
    severity === 'blocker'
      ? 'writeback would fail for'
      : severity === 'warning'
        ? 'with a warning'
        : 'writeback would fail for or warn about';
  return (
    <div className="blockers">
      <div className="blockers-controls">
        <label className="field">
          <span>Filter users (name, DN or reason)</span>
          <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
        </label>
        <label className="field">
          <span>Show</span>
          <select
            value={severity}
            onChange={(event) => setSeverity(event.target.value as SeverityFilter)}
          >
            <option value="">Blockers and warnings</option>
            <option value="blocker">Blockers only</option>
            <option value="warning">Warnings only</option>
          </select>
        </label>
      </div>
      <p aria-live="polite">
        {total.toLocaleString('en-US')} user{total === 1 ? '' : 's'} {what}
        {filter ? ' (filtered)' : ''}.
      </p>
      <div className="table-head" aria-hidden="true">
        <span>Account</span>
        <span>Why, and the fix</span>
      </div>
      <div
        ref={scroller}
        className="virtual"
        role="list"
        aria-label="Users writeback would fail for or warn about"
        tabIndex={0}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const blocker = rows.get(item.index);
            return (
              <div
                key={item.key}
                ref={virtualizer.measureElement}
                data-index={item.index}
                role="listitem"
                className={`blocker-row ${blocker?.severity === 'warning' ? 'warning-row' : ''}`}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  transform: `translateY(${item.start}px)`,
                }}
              >
                {blocker ? (
                  <>
                    <span className="account">
                      <strong>{blocker.sAMAccountName}</strong>
                      <span className="severity">
                        {blocker.severity === 'blocker' ? 'Blocks writeback' : 'Warning'}
                      </span>
                      <small className="dn">{blocker.dn}</small>
                    </span>
                    <ul className="reasons">
                      {blocker.reasons.map((r, i) => (
                        <li key={`${i}-${r.code}`}>
                          {withLocalTimes(r.message)} <strong>Fix:</strong> {r.fix}
                        </li>
                      ))}
                    </ul>
                  </>
                ) : (
                  <span className="loading">Loading…</span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
