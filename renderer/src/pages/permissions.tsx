/**
 * Permissions: the connector's writeback rights as the directory grants them now, the ACEs that
 * are missing as a diff, the opt-ins (AdminSDHolder, enabling inheritance) each a checkbox that
 * re-plans, and who writeback would still fail for (the assessment).
 */
import { useEffect, useState } from 'react';
import { useApi } from '../api';
import { BlockersTable } from '../components/blockers-table';
import { PlanView } from '../components/diff/plan-view';
import { ProgressLine } from '../components/progress-line';
import { useWizard } from '../store';
import { useEngineCall, useMakePlan } from '../use-engine';

export function PermissionsPage() {
  const api = useApi();
  const call = useEngineCall();
  const { plans, optIns, patch, task, assessment, busy, progress } = useWizard();
  const [assessVersion, setAssessVersion] = useState(0);
  const plan = plans.permissions;

  const planStep = useMakePlan('permissions');
  const makePlan = (choice = optIns) =>
    planStep('Reading the permissions of every user…', {
      steps: ['permissions'],
      includeAdminSdHolder: choice.includeAdminSdHolder,
      ...(choice.enableInheritance ? { enableInheritance: 'all' as const } : {}),
    });

  useEffect(() => {
    if (task !== 'assess' && !plan) void makePlan();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const toggle = (key: keyof typeof optIns) => {
    const next = { ...optIns, [key]: !optIns[key] };
    patch({ optIns: next });
    void makePlan(next);
  };

  const assess = async () => {
    const value = await call('permissions', 'Assessing every user…', () => api['assess.run']({}));
    if (value) {
      patch({ assessment: value });
      setAssessVersion((v) => v + 1);
    }
  };

  return (
    <>
      <p>
        The AD DS connector account needs <em>Reset password</em>, <em>Change password</em>,{' '}
        <em>Write lockoutTime</em> and <em>Write pwdLastSet</em> on descendant user objects, and{' '}
        <em>Unexpire Password</em> on the domain root. Only what is missing is planned.
      </p>
      {busy ? (
        <ProgressLine
          label={busy}
          event={progress}
          onCancel={() => void api['assess.cancel']({})}
        />
      ) : null}
      {task !== 'assess' ? (
        <section aria-labelledby="permissions-changes">
          <h3 id="permissions-changes">Changes</h3>
          <fieldset className="opt-ins">
            <legend>Opt-in changes (each planned as its own operation)</legend>
            <label>
              <input
                type="checkbox"
                checked={optIns.includeAdminSdHolder}
                onChange={() => toggle('includeAdminSdHolder')}
                disabled={busy !== undefined}
              />
              Also grant on AdminSDHolder, so protected accounts (adminCount=1) can be written back
              (Microsoft does not recommend it)
            </label>
            <label>
              <input
                type="checkbox"
                checked={optIns.enableInheritance}
                onChange={() => toggle('enableInheritance')}
                disabled={busy !== undefined}
              />
              Enable inheritance on users where it is disabled
            </label>
          </fieldset>
          {plan ? (
            <PlanView
              plan={plan.plan}
              emptyText="Nothing to change: the connector already holds every writeback right."
            />
          ) : null}
        </section>
      ) : null}
      <section aria-labelledby="permissions-users">
        <h3 id="permissions-users">Users writeback would fail for</h3>
        <button type="button" onClick={() => void assess()} disabled={busy !== undefined}>
          {assessment ? 'Assess again' : 'Assess every user'}
        </button>
        {assessment ? (
          <>
            <p>
              {assessment.usersScanned.toLocaleString('en-US')} users read;{' '}
              {assessment.blockedUsers.toLocaleString('en-US')} would fail today.
            </p>
            {assessment.causes.length > 0 ? (
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
                  {assessment.causes.map((cause) => (
                    <tr key={cause.code}>
                      <td>{cause.label}</td>
                      <td>{cause.severity === 'blocker' ? 'Blocks writeback' : 'Warning'}</td>
                      <td>{cause.users.toLocaleString('en-US')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <BlockersTable version={assessVersion} />
          </>
        ) : null}
      </section>
    </>
  );
}
