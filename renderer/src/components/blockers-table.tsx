/**
 * Who writeback will still fail for, and why: a virtualized, filterable table over the verdicts
 * held in main. Rows are fetched in windows as they scroll into view, so 100,000 users never
 * sit in the renderer at once.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { Blocker } from '../../../shared/checks';
import { useApi } from '../api';

const pageSize = 200;

export function BlockersTable({ version }: { version: number }) {
  const api = useApi();
  const [filter, setFilter] = useState('');
  const [total, setTotal] = useState(0);
  const [rows, setRows] = useState<Map<number, Blocker>>(new Map());
  const requested = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);

  const load = async (page: number, text: string, fresh: boolean) => {
    if (!fresh && requested.current.has(page)) return;
    requested.current.add(page);
    const result = await api['assess.rows']({
      offset: page * pageSize,
      limit: pageSize,
      ...(text ? { filter: text } : {}),
    });
    if (!result.ok) return;
    setTotal(result.value.total);
    setRows((old) => {
      const next = fresh ? new Map<number, Blocker>() : new Map(old);
      result.value.rows.forEach((row, i) => next.set(result.value.offset + i, row));
      return next;
    });
  };

  useEffect(() => {
    requested.current = new Set();
    void load(0, filter, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filter, version]);

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

  return (
    <div className="blockers">
      <label className="field">
        <span>Filter users (name, DN or reason)</span>
        <input type="search" value={filter} onChange={(event) => setFilter(event.target.value)} />
      </label>
      <p aria-live="polite">
        {total.toLocaleString('en-US')} user{total === 1 ? '' : 's'} writeback would fail for
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
        aria-label="Users writeback would fail for"
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
                className="blocker-row"
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
                    <span className="account" title={blocker.dn}>
                      {blocker.sAMAccountName}
                    </span>
                    <ul className="reasons">
                      {blocker.reasons.map((r, i) => (
                        <li key={`${i}-${r.code}`}>
                          {r.message} <strong>Fix:</strong> {r.fix}
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
