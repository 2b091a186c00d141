/**
 * Optional features: Password writeback off → on, a setting of the Entra connector on the Azure
 * AD Connect server (ADSync PowerShell). On the Connect server the engine reads it directly; on
 * a Windows jump box the admin names the Connect server and it is read over PowerShell
 * remoting; anywhere else the step says so and shows the exact commands to run there.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { AppInfo } from '../../../shared/ipc';
import { PlanView } from '../components/diff/plan-view';
import { useApi } from '../api';
import { useWizard } from '../store';
import { useMakePlan } from '../use-engine';

export function OptionalFeaturesPage() {
  const api = useApi();
  const made = useWizard((s) => s.plans['optional-features']);
  const saved = useWizard((s) => s.connectServer);
  const patch = useWizard((s) => s.patch);
  const busy = useWizard((s) => s.busy);
  const forceChange = useWizard((s) => s.syncForcePasswordChange);
  const [server, setServer] = useState(saved);
  const [reach, setReach] = useState<AppInfo['adsync']>();

  const plan = useMakePlan('optional-features');
  const makePlan = (syncForcePasswordChange: boolean, connectServer = saved) =>
    plan(
      connectServer
        ? `Reading ${connectServer}’s features over PowerShell remoting…`
        : 'Reading the Connect server’s features…',
      {
        steps: ['optional-features'],
        syncForcePasswordChange,
        ...(connectServer ? { connectServer } : {}),
      },
    );

  useEffect(() => {
    void api['app.info']({}).then((info) => {
      if (info.ok) setReach(info.value.adsync);
    });
    if (!made) void makePlan(forceChange);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const readServer = (event: FormEvent) => {
    event.preventDefault();
    const name = server.trim();
    patch({ connectServer: name });
    void makePlan(forceChange, name);
  };

  return (
    <>
      <p>
        In the Connect wizard’s <em>Optional features</em>, <strong>Password writeback</strong> goes
        from off to on. Once it is on, syncing “User must change password at next logon” can be
        turned on too.
      </p>
      {reach === 'remote' ? (
        <form className="form inline" onSubmit={readServer}>
          <label className="field">
            <span>AD Connect server (reached over PowerShell remoting from this computer)</span>
            <input
              value={server}
              onChange={(e) => setServer(e.target.value)}
              placeholder="aadc01.contoso.com"
              spellCheck={false}
              required
            />
          </label>
          <button type="submit" className="primary">
            Read its features
          </button>
        </form>
      ) : reach === 'unavailable' ? (
        <p>
          This computer cannot run Windows PowerShell, so the Connect server’s switches are not read
          from here: run the commands below on the Connect server, or use the app there or on a
          Windows jump box.
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          checked={forceChange}
          disabled={busy !== undefined}
          onChange={(event) => {
            patch({ syncForcePasswordChange: event.target.checked });
            void makePlan(event.target.checked);
          }}
        />{' '}
        Also sync “User must change password at next logon” (opt-in)
      </label>
      {made ? (
        <PlanView
          plan={made.plan}
          emptyText={
            made.plan.source.adsync
              ? 'Nothing to change: Password writeback is already on.'
              : 'Nothing is planned: no AD Connect server was read from here (see the notes).'
          }
        />
      ) : null}
    </>
  );
}
