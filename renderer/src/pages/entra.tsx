/**
 * Connect to Microsoft Entra ID: sign in as a Hybrid Identity Administrator or Global
 * Administrator — in this machine's browser, or with a code on another device (servers without
 * a browser) — then the tenant checks: licences, the signed-in role, sync health. It says which
 * role and permission the canary reset on Verify needs (Authentication Administrator or above).
 *
 * A sign-in waits for the admin, so it never holds the wizard: Previous and Next stay usable,
 * the page shows that it waits (and the code to enter), Cancel ends it, and main gives it up
 * after a timeout. A reloaded page asks main whether one is still waiting.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { CommandBlock } from '../components/diff/disclosure';
import type { EntraStatus } from '../../../shared/ipc';
import { useApi } from '../api';
import { ChecksList } from '../components/checks-list';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';

const clouds = [
  ['global', 'Global (Microsoft Entra ID)'],
  ['usgov', 'US Government L4 (GCC High)'],
  ['usgov-dod', 'US Government L5 (DoD)'],
  ['china', 'China (21Vianet)'],
] as const;

const signingInLabel = 'Signing in to Entra ID…';

export function EntraPage() {
  const api = useApi();
  const call = useEngineCall();
  const { busy, entra: status, patch, setError } = useWizard();
  const [cloud, setCloud] = useState<EntraStatus['cloud']>(status?.cloud ?? 'global');
  const [tenant, setTenant] = useState('');
  const [deviceCode, setDeviceCode] = useState(false);
  const [notice, setNotice] = useState<string>();
  const waiting = status?.signingIn;

  useEffect(() => {
    void call('entra', 'Reading the sign-in…', () => api['entra.status']({})).then(
      (value) => value && patch({ entra: value }),
    );
  }, [api, call, patch]);

  // After a reload the page did not start the sign-in it sees waiting: ask until it ends.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => {
      void api['entra.status']({}).then((result) => {
        if (result.ok && !result.value.signingIn) patch({ entra: result.value });
      });
    }, 2000);
    return () => clearInterval(timer);
  }, [api, waiting, patch]);

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    setError('entra', undefined);
    setNotice(undefined);
    patch({ entra: { ...(status ?? { cloud }), signingIn: { since: new Date().toISOString() } } });
    const result = await api['entra.signIn']({
      cloud,
      deviceCode,
      ...(tenant.trim() ? { tenant: tenant.trim() } : {}),
    });
    if (result.ok) {
      patch({ entra: result.value });
      return;
    }
    if (result.error.code === 'entra-sign-in-cancelled') setNotice('Sign-in cancelled.');
    else setError('entra', result.error, signingInLabel);
    const now = await api['entra.status']({});
    if (now.ok) patch({ entra: now.value });
  };

  const cancel = async () => {
    const result = await api['entra.cancel']({});
    if (!result.ok) return;
    patch({ entra: result.value });
    // Said here too: after a reload no sign-in call of this page is waiting to say it.
    setNotice('Sign-in cancelled.');
  };

  const signOut = async () => {
    const value = await call('entra', 'Signing out…', () => api['entra.signOut']({}));
    if (value) patch({ entra: value });
  };

  return (
    <>
      <p>
        Sign in as a <strong>Hybrid Identity Administrator</strong> (or Global Administrator) of the
        tenant. The wizard reads licences, your role and the tenant’s sync health; it changes
        nothing in the tenant. You may skip this page: the directory steps do not need it.
      </p>
      <p className="note" id="canary-role">
        <strong>For the canary reset on Verify</strong>, which resets a test account’s password in
        Entra ID, sign in as an <strong>Authentication Administrator</strong> or above (Privileged
        Authentication Administrator, Global Administrator): Microsoft Graph asks for the delegated
        permission <code>UserAuthenticationMethod.ReadWrite.All</code> (consented once, for the
        reset only). A Hybrid Identity Administrator cannot reset passwords.
      </p>
      {status?.account ? (
        <section aria-labelledby="signed-in">
          <h3 id="signed-in">Signed in</h3>
          <p>
            {status.account.name
              ? `${status.account.name} (${status.account.username})`
              : status.account.username}
            , tenant {status.account.tenantId}.
          </p>
          <button type="button" onClick={() => void signOut()} disabled={busy !== undefined}>
            Sign out and forget this sign-in
          </button>
          {status.checks ? <ChecksList checks={status.checks} /> : null}
        </section>
      ) : (
        <form className="form" onSubmit={(event) => void signIn(event)}>
          <label className="field">
            <span>Cloud</span>
            <select
              value={cloud}
              onChange={(e) => setCloud(e.target.value as EntraStatus['cloud'])}
              disabled={waiting !== undefined}
            >
              {clouds.map(([value, title]) => (
                <option key={value} value={value}>
                  {title}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Tenant (optional: id or domain)</span>
            <input
              value={tenant}
              onChange={(e) => setTenant(e.target.value)}
              placeholder="contoso.onmicrosoft.com"
              spellCheck={false}
              disabled={waiting !== undefined}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={deviceCode}
              onChange={(e) => setDeviceCode(e.target.checked)}
              disabled={waiting !== undefined}
            />{' '}
            Sign in with a code on another device (no browser on this machine)
          </label>
          <button type="submit" className="primary" disabled={waiting !== undefined}>
            Sign in
          </button>
        </form>
      )}
      {waiting ? (
        <div className="progress sign-in-wait" role="status" aria-live="polite">
          <span className="spinner" aria-hidden="true" />
          <span>
            <strong>{signingInLabel}</strong> waiting since{' '}
            {new Date(waiting.since).toLocaleTimeString()}.{' '}
            {waiting.deviceCodeMessage ??
              (deviceCode
                ? 'Asking Microsoft for a sign-in code. You may go on to the directory steps meanwhile.'
                : 'Finish the sign-in in your browser. You may go on to the directory steps meanwhile.')}
          </span>
          <button type="button" onClick={() => void cancel()}>
            Cancel sign-in
          </button>
        </div>
      ) : null}
      {waiting?.signInUrl && !waiting.deviceCodeMessage ? (
        <div className="sign-in-url">
          <p>
            If no browser opened, open this address in a browser on this computer (the sign-in comes
            back to the wizard here):
          </p>
          <CommandBlock command={waiting.signInUrl} />
        </div>
      ) : null}
      {notice ? <p role="status">{notice}</p> : null}
    </>
  );
}
