/**
 * The canary reset on Verify: a synced test account's password reset in Entra ID and watched
 * until every writable domain controller shows it. First its plan (pwdLastSet on each DC before
 * → "changed by writeback", and that a password cannot be rolled back); then, after the
 * confirmation, the reset, with progress and Cancel; then when each DC showed the new password,
 * or the cause of the failure and the step that fixes it.
 */
import { useEffect, useState } from 'react';
import { parseDcAddressLines } from '../../../shared/dc-addresses';
import type { CanaryAccountView, CanaryPlanView, CanaryView } from '../../../shared/ipc';
import { useApi } from '../api';
import { ChecksList } from '../components/checks-list';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ProgressLine } from '../components/progress-line';
import { pageTitles, type WizardPage } from '../../../shared/wizard-pages';
import { stepsForTask } from '../steps';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';

const waits = [5, 15, 30, 60] as const;

/** pwdLastSet (100-ns intervals since 1601) as a UTC time; 0 is "must change at next logon". */
function pwdLastSetText(value: string): string {
  if (!/^\d+$/.test(value)) return value;
  if (value === '0') return '0 (must change the password at next logon)';
  const ms = Number(BigInt(value) / 10_000n - 11_644_473_600_000n);
  return `${new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')}`;
}

const seconds = (ms: number | undefined) => (ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s`);

/** "dc2.contoso.com=ldaps://10.0.0.12" lines, for DCs this computer cannot resolve by name. */
export function CanarySection() {
  const api = useApi();
  const call = useEngineCall();
  const { busy, progress } = useWizard();
  const [upn, setUpn] = useState('');
  const [dcUrls, setDcUrls] = useState('');
  const [minutes, setMinutes] = useState(15);
  const [plan, setPlan] = useState<CanaryPlanView>();
  const [confirming, setConfirming] = useState(false);
  const [result, setResult] = useState<CanaryView>();
  const account = useCanaryAccount(upn);
  const missing = useCanaryMissing(upn, account);

  const showPlan = async () => {
    setPlan(undefined);
    setResult(undefined);
    const urls = parseDcAddressLines(dcUrls).addresses.map((d) => ({ ...d }));
    const value = await call('verify', 'Reading the canary account on every DC…', () =>
      api['verify.canaryPlan']({ upn: upn.trim(), ...(urls.length ? { dcUrls: urls } : {}) }),
    );
    if (value) setPlan(value);
  };
  const reset = async (shown: CanaryPlanView) => {
    setConfirming(false);
    setPlan(undefined);
    useWizard.getState().patch({ progress: undefined });
    const value = await call('verify', 'Canary reset:', () =>
      api['verify.canaryRun']({
        planId: shown.planId,
        confirmedTarget: shown.target,
        timeoutMinutes: minutes,
      }),
    );
    if (value) setResult(value);
  };
  return (
    <section aria-labelledby="canary">
      <h3 id="canary">Canary reset</h3>
      <p>
        Reset the password of a synced test account in Entra ID, as a user&apos;s self-service reset
        would, and watch the new password reach every writable domain controller. Name an ordinary
        test account: the wizard refuses a built-in, an administrative or a protected account, and
        says why.
      </p>
      <CanaryFields
        upn={upn}
        setUpn={setUpn}
        account={account}
        minutes={minutes}
        setMinutes={setMinutes}
        dcUrls={dcUrls}
        setDcUrls={setDcUrls}
      />
      <button
        type="button"
        className="primary"
        disabled={
          missing.length > 0 ||
          busy !== undefined ||
          parseDcAddressLines(dcUrls).problems.length > 0
        }
        aria-describedby={missing.length > 0 ? 'canary-missing' : undefined}
        onClick={() => void showPlan()}
      >
        Show the canary plan
      </button>
      {missing.length > 0 ? <Missing missing={missing} /> : null}
      {busy === 'Canary reset:' ? (
        <ProgressLine
          label={busy}
          event={progress}
          onCancel={() => void api['assess.cancel']({})}
        />
      ) : null}
      {plan ? <CanaryPlanShown plan={plan} onReset={() => setConfirming(true)} /> : null}
      {plan && confirming ? (
        <ConfirmDialog
          kind="canary"
          title="Reset the canary's password"
          targets={[plan.target]}
          onCancel={() => setConfirming(false)}
          onConfirm={() => void reset(plan)}
        >
          <p className="irreversible">{plan.irreversible}</p>
        </ConfirmDialog>
      ) : null}
      {result ? <CanaryResult result={result} /> : null}
    </section>
  );
}

/** The account typed, judged in AD as soon as the admin stops typing (no Entra sign-in needed). */
function useCanaryAccount(upn: string): { upn: string; view: CanaryAccountView } | undefined {
  const api = useApi();
  const connected = useWizard((s) => s.connected);
  const [account, setAccount] = useState<{ upn: string; view: CanaryAccountView }>();
  const typed = upn.trim();
  useEffect(() => {
    if (connected === undefined || !/^[^\s@]+@[^\s@]+$/.test(typed)) return;
    let current = true;
    const timer = setTimeout(() => {
      void api['verify.canaryAccount']({ upn: typed }).then((answer) => {
        if (current && answer.ok && answer.value) setAccount({ upn: typed, view: answer.value });
      });
    }, 400);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, connected, typed]);
  return account?.upn === typed ? account : undefined;
}

/** One reason the canary cannot start yet, with the page that gives what is missing. */
interface MissingPart {
  readonly text: string;
  readonly page?: WizardPage;
  readonly link?: string;
}

/** Exactly what the canary still needs, in the order the admin can give it. */
function useCanaryMissing(
  upn: string,
  account: ReturnType<typeof useCanaryAccount>,
): MissingPart[] {
  const { connected, entra } = useWizard();
  const missing: MissingPart[] = [];
  const typed = upn.trim();
  if (typed === '') missing.push({ text: 'Type the test account’s user principal name.' });
  else if (!/^[^\s@]+@[^\s@]+$/.test(typed))
    missing.push({ text: `${typed} is not a user principal name (name@domain).` });
  if (connected === undefined)
    missing.push({
      text: 'The wizard is not connected to a domain controller: the account is read there, and each DC is watched.',
      page: 'connect',
      link: 'Connect directories',
    });
  else if (account?.view.accepted === false)
    missing.push({ text: `${account.view.reason} ${account.view.fix}` });
  if (entra?.account === undefined)
    missing.push({
      text: 'The wizard is not signed in to Entra ID: the reset is made there, by an Authentication Administrator or above (Microsoft Graph permission UserAuthenticationMethod.ReadWrite.All).',
      page: 'entra',
      link: 'Connect to Microsoft Entra ID',
    });
  return missing;
}

function Missing({ missing }: { missing: readonly MissingPart[] }) {
  const go = useWizard((s) => s.go);
  return (
    <div id="canary-missing" className="note" role="status">
      <p>The canary cannot start yet:</p>
      <ul>
        {missing.map((part) => (
          <li key={part.text}>
            {part.text}
            {part.page ? (
              <>
                {' '}
                <button type="button" className="link" onClick={() => go(part.page!)}>
                  {part.link}
                </button>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The test account, how long to wait, and where to reach a DC this computer cannot resolve. */
function CanaryFields(props: {
  upn: string;
  setUpn: (value: string) => void;
  account: ReturnType<typeof useCanaryAccount>;
  minutes: number;
  setMinutes: (value: number) => void;
  dcUrls: string;
  setDcUrls: (value: string) => void;
}) {
  const { upn, setUpn, account, minutes, setMinutes, dcUrls, setDcUrls } = props;
  const { problems } = parseDcAddressLines(dcUrls);
  return (
    <div className="form">
      <label className="field">
        <span>Test account</span>
        <input
          name="canary"
          value={upn}
          placeholder="canary@contoso.com"
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setUpn(e.target.value)}
        />
        <small>
          The user principal name of an ordinary, enabled, synchronized test account. Its password
          is replaced by a random one that no one sees.
        </small>
      </label>
      {account?.view.accepted ? (
        <p className="note" role="status">
          Accepted in AD: <code>{account.view.dn}</code>
        </p>
      ) : null}
      <label className="field">
        <span>Wait for every DC up to</span>
        <select value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {waits.map((m) => (
            <option key={m} value={m}>
              {m} minutes
            </option>
          ))}
        </select>
        <small>How long to wait for the reset, and for the new password on each writable DC.</small>
      </label>
      <details className="disclosure">
        <summary>Domain controller addresses</summary>
        <label className="field">
          <span>Domain controllers this computer cannot reach by name</span>
          <textarea
            rows={2}
            value={dcUrls}
            placeholder="dc2.contoso.com=ldaps://10.0.0.12"
            onChange={(e) => setDcUrls(e.target.value)}
          />
          <small>
            One per line, as name=ldaps://address (the DC&apos;s full name, as
            dc2.contoso.com=ldaps://10.0.0.12). Any other DC is reached at its name.
          </small>
        </label>
        {problems.length > 0 ? (
          // The alert wraps the list: a role on the <ul> itself would hide it is a list.
          <div className="error" role="alert" aria-label="Domain controller addresses to correct">
            <ul>
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          </div>
        ) : null}
      </details>
    </div>
  );
}

function CanaryPlanShown({ plan, onReset }: { plan: CanaryPlanView; onReset: () => void }) {
  return (
    <div className="canary-plan">
      <h4>The plan</h4>
      <p>{plan.summary}.</p>
      <table className="before-after">
        <caption>
          {plan.attribute} of <code>{plan.target}</code>
        </caption>
        <thead>
          <tr>
            <th scope="col">Domain controller</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {plan.before.map((dc) => (
            <tr key={dc.dc}>
              <th scope="row">{dc.dc}</th>
              <td className="removed">{pwdLastSetText(dc.pwdLastSet)}</td>
              <td className="added">{plan.after}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="irreversible">
        <strong>{plan.irreversible}</strong>
      </p>
      <p>The reset is journaled before it is requested, with what each DC showed.</p>
      <button type="button" className="primary" onClick={onReset}>
        Reset the password…
      </button>
    </div>
  );
}

function CanaryResult({ result }: { result: CanaryView }) {
  return (
    <div className="canary-result">
      <h4>Canary result</h4>
      <ChecksList checks={result.checks} />
      {result.cause ? <CauseStep cause={result.cause} /> : null}
      <table className="before-after">
        <caption>The new password on each writable domain controller</caption>
        <thead>
          <tr>
            <th scope="col">Domain controller</th>
            <th scope="col">Seen after the reset request</th>
            <th scope="col">After the first DC</th>
            <th scope="col">The write landed here</th>
          </tr>
        </thead>
        <tbody>
          {result.dcs.map((dc) => (
            <tr key={dc.dc}>
              <th scope="row">{dc.dc}</th>
              <td>
                {dc.seenAfterMs === undefined
                  ? `Not seen${dc.error ? ` (${dc.error})` : ''}`
                  : seconds(dc.seenAfterMs)}
              </td>
              <td>{seconds(dc.convergedAfterMs)}</td>
              <td>{dc.originating ? 'Yes' : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.events.length > 0 ? (
        <ul className="canary-events">
          {result.events.map((event) => (
            <li key={`${event.source}-${event.id}-${event.at}`}>
              {event.at} {event.source} {event.id} {event.name}: {event.meaning}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        Journal: <code>{result.journal}</code>
      </p>
    </div>
  );
}

/** The step that fixes the failure (a link when it is a page of the wizard), and the verdict. */
function CauseStep({ cause }: { cause: NonNullable<CanaryView['cause']> }) {
  const { go, task } = useWizard();
  // A link only to a page of the task the admin is walking.
  const page = stepsForTask[task].find((id) => cause.step.startsWith(pageTitles[id]));
  return (
    <>
      <p>
        <strong>Step that fixes it: </strong>
        {page ? (
          <button type="button" className="link" onClick={() => go(page)}>
            {cause.step}
          </button>
        ) : (
          cause.step
        )}
      </p>
      {cause.verdict && cause.verdict.length > 0 ? (
        <div>
          <p>What the wizard found for this user:</p>
          <ul>
            {cause.verdict.map((reason) => (
              <li key={reason.message}>
                {reason.message} <em>Fix: {reason.fix}</em>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}
