/**
 * Verify: proves writeback works, from the Connect server's own record. Its Application log's
 * writeback events (Microsoft's table, each with its cause, fix and the step that fixes it) in
 * a time window, and its connectivity to the cloud's password reset and Service Bus endpoints.
 * The canary reset, which changes a test account's password, is verify-canary.tsx.
 */
import { useState } from 'react';
import type { VerifyView } from '../../../shared/ipc';
import { useApi } from '../api';
import { ChecksList } from '../components/checks-list';
import { useEngineCall } from '../use-engine';
import { CanarySection } from './verify-canary';

const windows = [
  { label: 'the last hour', hours: 1 },
  { label: 'the last 24 hours', hours: 24 },
  { label: 'the last 7 days', hours: 168 },
] as const;

export function VerifyPage() {
  const api = useApi();
  const call = useEngineCall();
  const [events, setEvents] = useState(true);
  const [connectivity, setConnectivity] = useState(true);
  const [hours, setHours] = useState(24);
  const [connectServer, setConnectServer] = useState('');
  const [result, setResult] = useState<VerifyView>();
  const run = async () => {
    const since = new Date(Date.now() - hours * 3_600_000).toISOString();
    const value = await call('verify', 'Reading the Connect server…', () =>
      api['verify.run']({
        events,
        since,
        connectivity,
        ...(connectServer.trim() === '' ? {} : { connectServer: connectServer.trim() }),
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
      <fieldset>
        <legend>Checks</legend>
        <label>
          <input type="checkbox" checked={events} onChange={(e) => setEvents(e.target.checked)} />{' '}
          The Connect server&apos;s writeback events from{' '}
          <select value={hours} onChange={(e) => setHours(Number(e.target.value))}>
            {windows.map((w) => (
              <option key={w.hours} value={w.hours}>
                {w.label}
              </option>
            ))}
          </select>
        </label>
        <br />
        <label>
          <input
            type="checkbox"
            checked={connectivity}
            onChange={(e) => setConnectivity(e.target.checked)}
          />{' '}
          Connectivity from the Connect server to the password reset service and Service Bus
        </label>
        <br />
        <label>
          Connect server (from a jump box; empty on the Connect server itself):{' '}
          <input
            type="text"
            value={connectServer}
            placeholder="aadc01.contoso.com"
            onChange={(e) => setConnectServer(e.target.value)}
          />
        </label>
      </fieldset>
      <button type="button" disabled={!events && !connectivity} onClick={() => void run()}>
        Run the checks
      </button>
      {result ? (
        <>
          <h3>Results</h3>
          <ChecksList checks={result.checks} />
          {result.events.length > 0 ? (
            <table className="before-after">
              <caption>Password writeback events</caption>
              <thead>
                <tr>
                  <th scope="col">When (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">What it means</th>
                  <th scope="col">Fix</th>
                </tr>
              </thead>
              <tbody>
                {result.events.map((event) => (
                  <tr
                    key={`${event.source}-${event.id}-${event.at}`}
                    className={`event-${event.outcome}`}
                  >
                    <td>{event.at}</td>
                    <td>
                      {event.source} {event.id} {event.name}
                      {event.user?.upn ? ` (${event.user.upn})` : ''}
                    </td>
                    <td>
                      {event.meaning}
                      {event.cause ? ` Cause: ${event.cause}` : ''}
                    </td>
                    <td>
                      {event.outcome === 'failure' ? `${event.fix ?? ''} (${event.step})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
      <CanarySection />
    </>
  );
}
