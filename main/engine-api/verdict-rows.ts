/**
 * The verdict table's rows, filtered and sorted here in main: the renderer asks for a window
 * (offset, limit) of a view, and never holds more than that window, so a 100,000-user domain is
 * sorted and filtered without crossing the process boundary. The filtered, sorted order of the
 * last request is kept per assessment, so scrolling through it costs one slice per window.
 *
 * Two views: today's verdicts (the assessment's blockers and warnings), and, when the engine
 * projected them, the verdicts after the planned changes (`facts.ad.afterPlan`, the same shape).
 */
import type { Blocker, CauseCount } from '../../shared/checks';
import type { AssessRow, AssessRows, ChannelInput, VerdictProjection } from '../../shared/ipc';
import { badInput } from '../../shared/errors';
import type { AssessReport } from '../assess/assess-provider';
import { isBlockerCode, REASON_KINDS } from '../readiness/reasons';

type Input = ChannelInput<'assess.rows'>;
type Severity = AssessRow['severity'];

/** One view's users: those writeback fails for, and those it warns about. */
export interface VerdictLists {
  readonly blockers: readonly Blocker[];
  readonly warnings: readonly Blocker[];
}

interface Listed {
  readonly user: Blocker;
  readonly severity: Severity;
}

const adFacts = (report: AssessReport) =>
  report.facts['ad'] as
    { warnings?: readonly Blocker[]; afterPlan?: Partial<VerdictLists> } | undefined;

/** The users of one view of an assessment (undefined: the engine did not project that view). */
export function verdictLists(
  report: AssessReport,
  view: Input['view'] = 'today',
): VerdictLists | undefined {
  const ad = adFacts(report);
  if (view === 'today') return { blockers: report.blockers, warnings: ad?.warnings ?? [] };
  const after = ad?.afterPlan;
  return after ? { blockers: after.blockers ?? [], warnings: after.warnings ?? [] } : undefined;
}

const labels = new Map(REASON_KINDS.map((k) => [k.code, k.label]));
const labelOf = (code: string): string => labels.get(code) ?? code;

/** Users per cause over one view, in the cause table's order: blockers first, then by count. */
export function causeCounts(lists: VerdictLists): CauseCount[] {
  const users = new Map<string, number>();
  for (const user of [...lists.blockers, ...lists.warnings])
    for (const code of new Set(user.reasons.map((r) => r.code)))
      users.set(code, (users.get(code) ?? 0) + 1);
  return [...users]
    .map(([code, count]) => ({
      code,
      label: labelOf(code),
      severity: isBlockerCode(code) ? ('blocker' as const) : ('warning' as const),
      users: count,
    }))
    .sort((a, b) =>
      a.severity === b.severity ? b.users - a.users : a.severity === 'blocker' ? -1 : 1,
    );
}

/** The after-plan view's summary, when the assessment carries it. */
export function projectionOf(report: AssessReport): VerdictProjection | undefined {
  const lists = verdictLists(report, 'after-plan');
  return lists ? { blockedUsers: lists.blockers.length, causes: causeCounts(lists) } : undefined;
}

function matches(user: Blocker, needle: string): boolean {
  return (
    user.sAMAccountName.toLowerCase().includes(needle) ||
    user.dn.toLowerCase().includes(needle) ||
    user.reasons.some((r) => r.message.toLowerCase().includes(needle))
  );
}

/** The DN read from the domain down (DC=test,DC=contoso,OU=Corp,…): users of one OU sort together. */
const fromTheTop = (dn: string): string =>
  dn
    .toLowerCase()
    .split(/(?<!\\),/)
    .reverse()
    .join(',');

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

type SortKey = NonNullable<Input['sort']>['by'];
const sortText: Readonly<Record<SortKey, (row: Listed) => string>> = {
  account: (row) => row.user.sAMAccountName,
  kind: (row) => (row.severity === 'blocker' ? '0' : '1'),
  cause: (row) => row.user.reasons.map((r) => labelOf(r.code)).join(', '),
  dn: (row) => fromTheTop(row.user.dn),
};

function sorted(rows: Listed[], sort: Input['sort']): Listed[] {
  if (!sort) return rows;
  const key = sortText[sort.by];
  const direction = sort.descending ? -1 : 1;
  // Keyed once, not per comparison; ties by account name, so the order is stable and readable.
  const keyed = rows.map((row) => ({ row, key: key(row), name: row.user.sAMAccountName }));
  keyed.sort(
    (a, b) => direction * collator.compare(a.key, b.key) || collator.compare(a.name, b.name),
  );
  return keyed.map((k) => k.row);
}

function selected(lists: VerdictLists, input: Input): Listed[] {
  const needle = input.filter?.trim().toLowerCase() ?? '';
  const rows: Listed[] = [];
  const add = (users: readonly Blocker[], severity: Severity) => {
    for (const user of users) {
      if (input.cause !== undefined && !user.reasons.some((r) => r.code === input.cause)) continue;
      if (needle !== '' && !matches(user, needle)) continue;
      rows.push({ user, severity });
    }
  };
  if (input.severity !== 'warning') add(lists.blockers, 'blocker');
  if (input.severity !== 'blocker') add(lists.warnings, 'warning');
  return sorted(rows, input.sort);
}

/** The last order computed for each assessment, by what it was asked for. */
const lastOrder = new WeakMap<AssessReport, { key: string; rows: readonly Listed[] }>();

/** A window of one view's users, filtered and sorted as asked. */
export function verdictRows(report: AssessReport, input: Input): AssessRows {
  const lists = verdictLists(report, input.view);
  if (!lists) {
    throw badInput(
      'view-not-projected',
      'This assessment has no view of the users after the planned changes.',
      'Plan the changes, then assess again.',
    );
  }
  const key = JSON.stringify([input.view, input.severity, input.cause, input.filter, input.sort]);
  let order = lastOrder.get(report);
  if (order?.key !== key) {
    order = { key, rows: selected(lists, input) };
    lastOrder.set(report, order);
  }
  const window = order.rows.slice(input.offset, input.offset + input.limit);
  return {
    total: order.rows.length,
    offset: input.offset,
    rows: window.map(({ user, severity }) => ({ ...user, severity })),
  };
}
