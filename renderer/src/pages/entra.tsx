/**
 * Connect to Microsoft Entra ID: sign in as a Hybrid Identity Administrator or Global
 * Administrator — in this machine's browser, or with a code on another device (servers without
 * a browser) — then the tenant checks: licences, the signed-in role, sync health.
 */
import { useEffect, useState, type FormEvent } from 'react';
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

export function EntraPage() {
  const api = useApi();
  const call = useEngineCall();
  const { busy, progress } = useWizard();
  const [status, setStatus] = useState<EntraStatus>();
  const [cloud, setCloud] = useState<EntraStatus['cloud']>('global');
  const [tenant, setTenant] = useState('');
  const [deviceCode, setDeviceCode] = useState(false);

  useEffect(() => {
    void call('entra', 'Reading the sign-in…', () => api['entra.status']({})).then(
      (value) => value && setStatus(value),
    );
  }, [api, call]);

  const signIn = async (event: FormEvent) => {
    event.preventDefault();
    const value = await call('entra', 'Signing in to Entra ID…', () =>
      api['entra.signIn']({
        cloud,
        deviceCode,
        ...(tenant.trim() ? { tenant: tenant.trim() } : {}),
      }),
    );
    if (value) setStatus(value);
  };

  const signOut = async () => {
    const value = await call('entra', 'Signing out…', () => api['entra.signOut']({}));
    if (value) setStatus(value);
  };

  return (
    <>
      <p>
        Sign in as a <strong>Hybrid Identity Administrator</strong> (or Global Administrator) of the
        tenant. The wizard reads licences, your role and the tenant’s sync health; it changes
        nothing in the tenant. You may skip this page: the directory steps do not need it.
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
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={deviceCode}
              onChange={(e) => setDeviceCode(e.target.checked)}
            />{' '}
            Sign in with a code on another device (no browser on this machine)
          </label>
          <button type="submit" className="primary" disabled={busy !== undefined}>
            Sign in
          </button>
        </form>
      )}
      {busy && progress?.kind === 'device-code' ? (
        <div className="notice" role="status" aria-live="polite">
          <p>{progress.message}</p>
        </div>
      ) : null}
    </>
  );
}
