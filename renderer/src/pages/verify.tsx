/**
 * Verify: proves writeback works, from the Connect server's own record. Its Application log's
 * writeback events (Microsoft's table, each with its cause, fix and the step that fixes it) in
 * a time window, and its connectivity to the cloud's password reset and Service Bus endpoints.
 * The Connect server is the one the admin named here or on Optional features (one value, kept
 * in the store); where this computer cannot reach it, the page shows the exact commands to run
 * there by hand. The results can be saved (JSON or HTML). The canary reset is verify-canary.tsx.
 */
import { useState } from 'react';
import type { VerifyByHandView, VerifyView } from '../../../shared/ipc';
import { useApi } from '../api';
import { ChecksList } from '../components/checks-list';
import { CommandBlock } from '../components/diff/disclosure';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';
import { CanarySection } from './verify-canary';
import { VerifyEvents } from './verify-events';

const windows = [
  { label: 'The last hour', hours: 1 },
  { label: 'The last 24 hours', hours: 24 },
  { label: 'The last 7 days', hours: 168 },
] as const;

export function VerifyPage() {
  const api = useApi();
  const call = useEngineCall();
  const connectServer = useWizard((s) => s.connectServer);
  const patch = useWizard((s) => s.patch);
  const busy = useWizard((s) => s.busy);
  const [events, setEvents] = useState(true);
  const [connectivity, setConnectivity] = useState(true);
  const [hours, setHours] = useState(24);
  const [result, setResult] = useState<VerifyView>();
  const run = async () => {
    const since = new Date(Date.now() - hours * 3_600_000).toISOString();
    const server = connectServer.trim();
    const value = await call('verify', 'Reading the Connect server…', () =>
      api['verify.run']({
        events,
        since,
        connectivity,
        ...(server === '' ? {} : { connectServer: server }),
      }),
    );
    if (value) setResult(value);
  };
  return (
    <>
      <p>
        Prove that writeback works from the Connect server&apos;s own record (nothing is written),
        and with a canary reset of a test account, watched on every domain controller.
      </p>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          void run();
        }}
      >
        <label className="field">
          <span>Connect server</span>
          <input
            name="connect-server"
            value={connectServer}
            placeholder="aadc01.contoso.com"
            spellCheck={false}
            autoComplete="off"
            onChange={(e) => patch({ connectServer: e.target.value })}
          />
          <small>
            The Microsoft Entra Connect server to read, from a Windows jump box over PowerShell
            remoting. Leave it empty when the wizard runs on the Connect server itself. The same
            name as on Optional features.
          </small>
        </label>
        <label className="field check-field">
          <span>
            <input type="checkbox" checked={events} onChange={(e) => setEvents(e.target.checked)} />{' '}
            Read its password writeback events
          </span>
          <small>
            Its Application log: onboarding (31005), resets and changes written back (31001, 31002)
            and every failure Microsoft lists, each with its cause and the step that fixes it.
          </small>
        </label>
        <label className="field">
          <span>Events from</span>
          <select
            value={hours}
            disabled={!events}
            onChange={(e) => setHours(Number(e.target.value))}
          >
            {windows.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <label className="field check-field">
          <span>
            <input
              type="checkbox"
              checked={connectivity}
              onChange={(e) => setConnectivity(e.target.checked)}
            />{' '}
            Test its connection to the password reset service
          </span>
          <small>
            From the Connect server to the password reset and Service Bus endpoints of your
            tenant&apos;s cloud, one by one (TCP 443).
          </small>
        </label>
        <button
          type="submit"
          className="primary"
          disabled={(!events && !connectivity) || busy !== undefined}
        >
          Run the checks
        </button>
      </form>
      {result ? <VerifyResults result={result} /> : null}
      <CanarySection />
    </>
  );
}

function VerifyResults({ result }: { result: VerifyView }) {
  return (
    <section aria-labelledby="verify-results">
      <h3 id="verify-results">Results</h3>
      <ChecksList checks={result.checks} />
      {result.byHand ? <ByHand byHand={result.byHand} /> : null}
      <VerifyEvents events={result.events} />
      <SaveResults />
    </section>
  );
}

/** What to run on the Connect server when this computer could not run it there. */
function ByHand({ byHand }: { byHand: VerifyByHandView }) {
  return (
    <div className="by-hand">
      <h4>Run these on {byHand.server ?? 'the Connect server'}</h4>
      <p>{byHand.why}</p>
      {byHand.events ? (
        <>
          <p>The writeback events of the window you chose:</p>
          <CommandBlock command={byHand.events} />
        </>
      ) : null}
      {byHand.connectivity ? (
        <>
          <p>
            Each endpoint (<code>TcpTestSucceeded : True</code> means the Connect server reaches
            it):
          </p>
          <CommandBlock command={byHand.connectivity} />
        </>
      ) : null}
    </div>
  );
}

/** The results as `writeback verify` saves them (JSON, HTML); never over a file unasked. */
function SaveResults() {
  const api = useApi();
  const call = useEngineCall();
  const busy = useWizard((s) => s.busy);
  const [saved, setSaved] = useState<string>();
  const save = async (format: 'json' | 'html') => {
    setSaved(undefined);
    const value = await call('verify', 'Saving the results…', () => api['verify.save']({ format }));
    if (value) setSaved(`Results saved to ${value.path}.`);
  };
  return (
    <>
      <div className="buttons">
        <button type="button" onClick={() => void save('html')} disabled={busy !== undefined}>
          Save results as HTML
        </button>
        <button type="button" onClick={() => void save('json')} disabled={busy !== undefined}>
          Save results as JSON
        </button>
      </div>
      {saved ? <p role="status">{saved}</p> : null}
    </>
  );
}
