/**
 * Permissions: the connector's writeback rights as the directory grants them now, the ACEs that
 * are missing as a diff, the opt-ins (AdminSDHolder, enabling inheritance) each a checkbox that
 * re-plans, and who writeback would still fail for (the assessment): counts by cause, each
 * cause a filter of the list, the list with the DN and the progress beside it. In the assess
 * task the page exists to assess, so it starts at once.
 */
import { useEffect, useRef, useState } from 'react';
import { useApi } from '../api';
import type { CauseCount } from '../../../shared/checks';
import type { AssessSummary } from '../../../shared/ipc';
import { BlockersTable, type VerdictQuery } from '../components/blockers-table';
import { PlanView } from '../components/diff/plan-view';
import { ProgressLine } from '../components/progress-line';
import { useWizard, type PermissionsOptIns } from '../store';
import { assessingLabel, useAssess, useMakePlan } from '../use-engine';

export function PermissionsPage() {
  const api = useApi();
  const runAssess = useAssess('permissions');
  const { plans, optIns, patch, task, assessment, busy, progress } = useWizard();
  const [assessVersion, setAssessVersion] = useState(0);
  const users = useRef<HTMLElement>(null);
  const plan = plans.permissions;

  const planStep = useMakePlan('permissions');
  const makePlan = (choice = optIns) =>
    planStep('Reading the permissions of every user…', {
      steps: ['permissions'],
      includeAdminSdHolder: choice.includeAdminSdHolder,
      ...(choice.enableInheritance ? { enableInheritance: 'all' as const } : {}),
    });

  const toggle = (key: keyof typeof optIns) => {
    const next = { ...optIns, [key]: !optIns[key] };
    patch({ optIns: next });
    void makePlan(next);
  };

  const assess = async () => {
    users.current?.scrollIntoView({ block: 'start' });
    if (await runAssess()) setAssessVersion((v) => v + 1);
  };
  const cancel = () => void api['assess.cancel']({});

  useEffect(() => {
    if (task !== 'assess' && !plan) void makePlan();
    // The assess task comes here to assess: the scan starts on arrival (state is set once it ends).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (task === 'assess' && !assessment) void assess();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <p>
        The AD DS connector account needs <em>Reset password</em>, <em>Change password</em>,{' '}
        <em>Write lockoutTime</em> and <em>Write pwdLastSet</em> on descendant user objects, and{' '}
        <em>Unexpire Password</em> on the domain root. Only what is missing is planned.
      </p>
      {busy && busy !== assessingLabel ? (
        <ProgressLine label={busy} event={progress} onCancel={cancel} />
      ) : null}
      {task !== 'assess' ? (
        <section aria-labelledby="permissions-changes">
          <h3 id="permissions-changes">Changes</h3>
          <OptIns optIns={optIns} onToggle={toggle} disabled={busy !== undefined} />
          {plan ? (
            <PlanView
              plan={plan.plan}
              emptyText="Nothing to change: the connector already holds every writeback right."
            />
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="permissions-users" ref={users}>
        <h3 id="permissions-users">Users writeback would fail for</h3>
        <button type="button" onClick={() => void assess()} disabled={busy !== undefined}>
          {assessment ? 'Assess again' : 'Assess every user'}
        </button>
        {busy === assessingLabel ? (
          <ProgressLine label={busy} event={progress} onCancel={cancel} />
        ) : null}
        {assessment ? <UsersVerdicts assessment={assessment} version={assessVersion} /> : null}
      </section>
    </>
  );
}

/**
 * The assessment's users: counts by cause (each a filter of the list), today or, when the engine
 * projected it, once the planned changes are applied; then the list itself, sorted and filtered
 * in main.
 */
function UsersVerdicts({ assessment, version }: { assessment: AssessSummary; version: number }) {
  const [query, setQuery] = useState<VerdictQuery>({ view: 'today', cause: '', filter: '' });
  const projected = assessment.afterPlan;
  const view = projected ? query.view : 'today';
  const causes = view === 'after-plan' && projected ? projected.causes : assessment.causes;
  const blocked =
    view === 'after-plan' && projected ? projected.blockedUsers : assessment.blockedUsers;
  const labels = new Map(
    [...assessment.causes, ...(projected?.causes ?? [])].map((c) => [c.code, c.label]),
  );
  const chooseCause = (code: string) =>
    setQuery((q) => ({ ...q, cause: q.cause === code ? '' : code }));
  return (
    <>
      {projected ? (
        <fieldset className="verdict-view">
          <legend>Show the users</legend>
          <label>
            <input
              type="radio"
              name="verdict-view"
              checked={view === 'today'}
              onChange={() => setQuery((q) => ({ ...q, view: 'today', cause: '' }))}
            />
            as the directory is today
          </label>
          <label>
            <input
              type="radio"
              name="verdict-view"
              checked={view === 'after-plan'}
              onChange={() => setQuery((q) => ({ ...q, view: 'after-plan', cause: '' }))}
            />
            once the planned changes are applied
          </label>
        </fieldset>
      ) : null}
      <p>
        {assessment.usersScanned.toLocaleString('en-US')} users read;{' '}
        {blocked.toLocaleString('en-US')}{' '}
        {view === 'after-plan'
          ? 'would still fail once the changes planned here are applied.'
          : 'would fail today, before any change planned here is applied.'}
      </p>
      {causes.length > 0 ? (
        <CauseTable causes={causes} chosen={query.cause} onChoose={chooseCause} />
      ) : null}
      {query.cause ? (
        <button
          type="button"
          className="show-all"
          onClick={() => setQuery((q) => ({ ...q, cause: '' }))}
        >
          Show every cause
        </button>
      ) : null}
      <BlockersTable
        version={version}
        query={{ ...query, view }}
        onFilter={(filter) => setQuery((q) => ({ ...q, filter }))}
        causeLabels={labels}
      />
    </>
  );
}

/** Users by cause; a cause is a button that shows only its users (again: all of them). */
function CauseTable({
  causes,
  chosen,
  onChoose,
}: {
  causes: readonly CauseCount[];
  chosen: string;
  onChoose: (code: string) => void;
}) {
  return (
    <table className="causes">
      <caption className="visually-hidden">Users by cause</caption>
      <thead>
        <tr>
          <th scope="col">Cause</th>
          <th scope="col">Kind</th>
          <th scope="col">Users</th>
        </tr>
      </thead>
      <tbody>
        {causes.map((cause) => (
          <tr key={cause.code} className={chosen === cause.code ? 'chosen' : ''}>
            <td>
              <button
                type="button"
                className="link"
                aria-pressed={chosen === cause.code}
                title="Show only these users"
                onClick={() => onChoose(cause.code)}
              >
                {cause.label}
              </button>
            </td>
            <td>{cause.severity === 'blocker' ? 'Blocks writeback' : 'Warning'}</td>
            <td>{cause.users.toLocaleString('en-US')}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The opt-in changes: each box re-plans at once (the page keeps them in the store). */
function OptIns({
  optIns,
  onToggle,
  disabled,
}: {
  optIns: PermissionsOptIns;
  onToggle: (key: keyof PermissionsOptIns) => void;
  disabled: boolean;
}) {
  return (
    <fieldset className="opt-ins">
      <legend>Opt-in changes (each planned as its own operation)</legend>
      <label>
        <input
          type="checkbox"
          checked={optIns.includeAdminSdHolder}
          onChange={() => onToggle('includeAdminSdHolder')}
          disabled={disabled}
        />
        Also grant on AdminSDHolder, so protected accounts (adminCount=1) can be written back
        (Microsoft does not recommend it)
      </label>
      <label>
        <input
          type="checkbox"
          checked={optIns.enableInheritance}
          onChange={() => onToggle('enableInheritance')}
          disabled={disabled}
        />
        Enable inheritance on users where it is disabled
      </label>
    </fieldset>
  );
}
