/**
 * Who writeback will still fail for, and why: a virtualized table over the verdicts held in
 * main (blockers, and the warnings the cause table counts too). Main filters and sorts; rows are
 * fetched in windows as they scroll into view, so 100,000 users never sit in the renderer at
 * once. The cause filter is the page's (a click on a cause in the cause table), as is the view
 * (today, or after the planned changes when the engine projected it).
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import type { AssessRow, VerdictSortKey, VerdictView } from '../../../shared/ipc';
import { useApi } from '../api';
import { withLocalTimes } from '../format';

const pageSize = 200;
export type SeverityFilter = '' | 'blocker' | 'warning';
export interface VerdictSort {
  readonly by: VerdictSortKey;
  readonly descending: boolean;
}

/** What the table shows: the page holds it, so the cause table and the view toggle drive it. */
export interface VerdictQuery {
  readonly view: VerdictView;
  /** A cause code, or '' for every cause. */
  readonly cause: string;
  readonly filter: string;
}

const columns: readonly { key: VerdictSortKey; label: string; title: string }[] = [
  { key: 'account', label: 'Account', title: 'Sort by account name' },
  { key: 'kind', label: 'Kind', title: 'Sort blockers and warnings apart' },
  { key: 'cause', label: 'Cause', title: 'Sort by cause' },
  { key: 'dn', label: 'DN', title: 'Sort by OU, from the domain down' },
];

/** Windows of rows from main for one query; a reply to an older query is dropped. */
function useRowWindows(query: VerdictQuery, severity: SeverityFilter, sort?: VerdictSort) {
  const api = useApi();
  const [total, setTotal] = useState(0);
  const [rows, setRows] = useState<Map<number, AssessRow>>(new Map());
  const requested = useRef(new Set<number>());
  const generation = useRef(0);

  const load = async (page: number, fresh: boolean) => {
    if (!fresh && requested.current.has(page)) return;
    requested.current.add(page);
    const asked = generation.current;
    const result = await api['assess.rows']({
      offset: page * pageSize,
      limit: pageSize,
      ...(query.filter ? { filter: query.filter } : {}),
      ...(severity ? { severity } : {}),
      ...(query.cause ? { cause: query.cause } : {}),
      ...(sort ? { sort } : {}),
      ...(query.view !== 'today' ? { view: query.view } : {}),
    });
    if (!result.ok || asked !== generation.current) return;
    setTotal(result.value.total);
    setRows((old) => {
      const next = fresh ? new Map<number, AssessRow>() : new Map(old);
      result.value.rows.forEach((row, i) => next.set(result.value.offset + i, row));
      return next;
    });
  };
  const restart = () => {
    generation.current += 1;
    requested.current = new Set();
    void load(0, true);
  };
  return { total, rows, load, restart };
}

export function BlockersTable({
  version,
  query,
  onFilter,
  causeLabels,
}: {
  version: number;
  query: VerdictQuery;
  onFilter: (text: string) => void;
  /** Cause code → its label in the cause table. */
  causeLabels: ReadonlyMap<string, string>;
}) {
  const [severity, setSeverity] = useState<SeverityFilter>('');
  const [sort, setSort] = useState<VerdictSort | undefined>();
  const scroller = useRef<HTMLDivElement>(null);
  const { total, rows, load, restart } = useRowWindows(query, severity, sort);

  useEffect(() => {
    restart();
    if (scroller.current) scroller.current.scrollTop = 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query.filter, query.cause, query.view, severity, sort?.by, sort?.descending, version]);

  // eslint-disable-next-line react-hooks/incompatible-library -- used here only, never passed to memoized children
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    // Rows grow with their reasons; each is measured once rendered.
    estimateSize: () => 64,
    overscan: 10,
  });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) {
      if (!rows.has(item.index)) void load(Math.floor(item.index / pageSize), false);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items.map((i) => i.index).join(',')]);

  const sortBy = (by: VerdictSortKey) =>
    setSort((now) => ({ by, descending: now?.by === by ? !now.descending : false }));
  const label = (code: string) => causeLabels.get(code) ?? code;
  const what = `${
    severity === 'blocker'
      ? 'writeback would fail for'
      : severity === 'warning'
        ? 'with a warning'
        : 'writeback would fail for or warn about'
  }${query.view === 'after-plan' ? ' once the planned changes are applied' : ''}`;
  return (
    <div className="blockers">
      <VerdictControls
        filter={query.filter}
        onFilter={onFilter}
        severity={severity}
        onSeverity={setSeverity}
      />
      <p aria-live="polite" className="blockers-count">
        {total.toLocaleString('en-US')} user{total === 1 ? '' : 's'} {what}
        {query.cause ? ` (cause: ${label(query.cause)})` : ''}
        {query.filter ? ' (filtered)' : ''}.
      </p>
      <div
        className="verdict-table"
        role="table"
        aria-label={`Users ${what}`}
        aria-rowcount={total + 1}
      >
        <VerdictHead sort={sort} onSort={sortBy} />
        <div ref={scroller} className="virtual" role="rowgroup" tabIndex={0}>
          <div
            role="presentation"
            style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
          >
            {items.map((item) => (
              <VerdictRow
                key={item.key}
                index={item.index}
                start={item.start}
                row={rows.get(item.index)}
                label={label}
                measure={virtualizer.measureElement}
              />
            ))}
          </div>
        </div>
      </div>
    </div>
  );
}

function VerdictControls({
  filter,
  onFilter,
  severity,
  onSeverity,
}: {
  filter: string;
  onFilter: (text: string) => void;
  severity: SeverityFilter;
  onSeverity: (severity: SeverityFilter) => void;
}) {
  return (
    <div className="blockers-controls">
      <label className="field">
        <span>Filter users (name, DN or reason)</span>
        <input type="search" value={filter} onChange={(e) => onFilter(e.target.value)} />
      </label>
      <label className="field">
        <span>Show</span>
        <select
          value={severity}
          onChange={(event) => onSeverity(event.target.value as SeverityFilter)}
        >
          <option value="">Blockers and warnings</option>
          <option value="blocker">Blockers only</option>
          <option value="warning">Warnings only</option>
        </select>
      </label>
    </div>
  );
}

/** The column headers: each sorts the table in main (again: the other way). */
function VerdictHead({
  sort,
  onSort,
}: {
  sort: VerdictSort | undefined;
  onSort: (by: VerdictSortKey) => void;
}) {
  return (
    <div role="rowgroup" className="table-head">
      <div role="row" aria-rowindex={1} className="verdict-grid">
        {columns.map((column) => (
          <span
            key={column.key}
            role="columnheader"
            aria-sort={
              sort?.by !== column.key ? 'none' : sort.descending ? 'descending' : 'ascending'
            }
          >
            <button
              type="button"
              className="sort"
              title={column.title}
              onClick={() => onSort(column.key)}
            >
              {column.label}
              <span aria-hidden="true">
                {sort?.by === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
              </span>
            </button>
          </span>
        ))}
        <span role="columnheader" className="visually-hidden">
          Why, and the fix
        </span>
      </div>
    </div>
  );
}

function VerdictRow({
  index,
  start,
  row,
  label,
  measure,
}: {
  index: number;
  start: number;
  row: AssessRow | undefined;
  label: (code: string) => string;
  measure: (element: Element | null) => void;
}) {
  const causes = [...new Set(row?.reasons.map((r) => r.code) ?? [])].map(label);
  return (
    <div
      ref={measure}
      data-index={index}
      role="row"
      aria-rowindex={index + 2}
      className={`blocker-row verdict-grid ${row?.severity === 'warning' ? 'warning-row' : ''}`}
      style={{
        position: 'absolute',
        top: 0,
        left: 0,
        right: 0,
        transform: `translateY(${start}px)`,
      }}
    >
      {row ? (
        <>
          <span role="cell" className="account">
            <strong>{row.sAMAccountName}</strong>
          </span>
          <span role="cell" className="severity">
            {row.severity === 'blocker' ? 'Blocks writeback' : 'Warning'}
          </span>
          <span role="cell" className="cause">
            {causes.join(', ')}
          </span>
          <span role="cell" className="dn">
            {row.dn}
          </span>
          <span role="cell" className="reasons">
            <ul>
              {row.reasons.map((r, i) => (
                <li key={`${i}-${r.code}`}>
                  {withLocalTimes(r.message)} <strong>Fix:</strong> {r.fix}
                </li>
              ))}
            </ul>
          </span>
        </>
      ) : (
        <span role="cell" className="loading">
          Loading…
        </span>
      )}
    </div>
  );
}
