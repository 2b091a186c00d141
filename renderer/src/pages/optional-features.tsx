/**
 * Optional features: Password writeback off → on, a setting of the Entra connector on the Azure
 * AD Connect server (ADSync PowerShell). On the Connect server the engine reads it and plans the
 * switch; anywhere else the step says so and shows the exact commands to run there.
 */
import { useEffect, useState } from 'react';
import { PlanView } from '../components/diff/plan-view';
import { useWizard } from '../store';
import { useMakePlan } from '../use-engine';

export function OptionalFeaturesPage() {
  const made = useWizard((s) => s.plans['optional-features']);
  const [forceChange, setForceChange] = useState(false);

  const plan = useMakePlan('optional-features');
  const makePlan = (syncForcePasswordChange: boolean) =>
    plan('Reading the Connect server’s features…', {
      steps: ['optional-features'],
      syncForcePasswordChange,
    });

  useEffect(() => {
    if (!made) void makePlan(false);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <>
      <p>
        In the Connect wizard’s <em>Optional features</em>, <strong>Password writeback</strong> goes
        from off to on. Once it is on, syncing “User must change password at next logon” can be
        turned on too.
      </p>
      <label>
        <input
          type="checkbox"
          checked={forceChange}
          onChange={(event) => {
            setForceChange(event.target.checked);
            void makePlan(event.target.checked);
          }}
        />{' '}
        Also sync “User must change password at next logon” (opt-in)
      </label>
      {made ? (
        <PlanView
          plan={made.plan}
          emptyText="Nothing to change: Password writeback is already on."
        />
      ) : null}
    </>
  );
}
