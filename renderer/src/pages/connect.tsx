/**
 * Connect directories: a DC over LDAPS with the certificate verified (or pinned), the bind
 * account, and the AD DS connector account AD Connect uses. The password lives in this form's
 * state only: kept while a connection fails (so a wrong DC or certificate is not paid for with
 * retyping it), cleared once connected. A bare host name means LDAPS. The CA may be read from a
 * file, and an untrusted certificate's fingerprint can be pinned from the error that shows it.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useApi } from '../api';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';

export function ConnectPage() {
  const api = useApi();
  const call = useEngineCall();
  const connected = useWizard((s) => s.connected);
  const connectors = useWizard((s) => s.connectors);
  const patch = useWizard((s) => s.patch);
  const [url, setUrl] = useState(connected?.url ?? 'ldaps://');
  const [bindUser, setBindUser] = useState(connected?.bindUser ?? '');
  const [password, setPassword] = useState('');
  const [caPem, setCaPem] = useState('');
  const [fingerprint, setFingerprint] = useState('');

  const error = useWizard((s) => s.errors.connect);
  const [trustOpen, setTrustOpen] = useState(false);
  const untrusted =
    error?.code === 'dc-cert-untrusted'
      ? /SHA-256 ([0-9A-Fa-f:]{64,95})/.exec(error.message)
      : null;

  const readCaFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setCaPem(await file.text());
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = await call('connect', 'Connecting…', () =>
      api['directory.connect']({
        url: ldapUrl(url),
        bindUser: bindUser.trim(),
        password,
        ...(caPem.trim() ? { caPem: caPem.trim() } : {}),
        ...(fingerprint.trim() ? { tlsFingerprint: fingerprint.trim() } : {}),
      }),
    );
    if (!value) return;
    setPassword('');
    patch({ connected: value, connectors: undefined, plans: {}, prerequisites: undefined });
    const found = await call('connect', 'Looking for the connector account…', () =>
      api['directory.connectors']({}),
    );
    if (found) patch({ connectors: found });
  };

  const choose = async (dn: string) => {
    const value = await call('connect', 'Choosing the connector…', () =>
      api['directory.chooseConnector']({ dn }),
    );
    if (value) patch({ connectors: value, plans: {} });
  };

  return (
    <>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>Domain controller</span>
          <input
            name="dc"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            placeholder="ldaps://dc1.contoso.com"
            required
            autoComplete="off"
            spellCheck={false}
          />
          <small>
            A host name means LDAPS (port 636); ldap:// uses StartTLS. Never a clear-text bind.
          </small>
        </label>
        <label className="field">
          <span>Account (an administrator of the domain)</span>
          <input
            name="bind-user"
            value={bindUser}
            onChange={(e) => setBindUser(e.target.value)}
            placeholder="admin@contoso.com"
            required
            autoComplete="username"
            spellCheck={false}
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="current-password"
          />
        </label>
        {untrusted ? (
          <div className="notice">
            <p>
              Compare this fingerprint with the DC’s certificate (certlm.msc on the DC, Details ›
              Thumbprint uses SHA-1; the SHA-256 is shown by <code>certutil -dump</code>):
              <br />
              <code>{untrusted[1]}</code>
            </p>
            <button
              type="button"
              onClick={() => {
                setFingerprint(untrusted[1]!);
                setTrustOpen(true);
              }}
            >
              Trust this certificate (pin its fingerprint)
            </button>
          </div>
        ) : null}
        <details
          className="disclosure"
          open={trustOpen}
          onToggle={(e) => setTrustOpen(e.currentTarget.open)}
        >
          <summary>Certificate trust (when the DC certificate is from a private CA)</summary>
          <label className="field">
            <span>CA certificate file (PEM or CRT)</span>
            <input
              type="file"
              name="ca-file"
              accept=".pem,.crt,.cer"
              onChange={(e) => void readCaFile(e)}
            />
          </label>
          <label className="field">
            <span>CA certificate (PEM) to trust besides the system store</span>
            <textarea
              name="ca"
              rows={4}
              value={caPem}
              onChange={(e) => setCaPem(e.target.value)}
              spellCheck={false}
            />
          </label>
          <label className="field">
            <span>Or pin the DC certificate’s SHA-256 fingerprint</span>
            <input
              name="fingerprint"
              value={fingerprint}
              onChange={(e) => setFingerprint(e.target.value)}
              spellCheck={false}
            />
          </label>
        </details>
        <button type="submit" className="primary">
          {connected ? 'Reconnect' : 'Connect'}
        </button>
      </form>

      {connected ? (
        <section aria-label="Forest" className="facts">
          <h3>Connected</h3>
          <p>
            {connected.dcHostName} ({connected.tls.protocol === 'ldaps' ? 'LDAPS' : 'StartTLS'},
            certificate {connected.tls.trust === 'pinned' ? 'pinned' : 'verified'}) as{' '}
            {connected.bindUser}.
          </p>
          <ul>
            {connected.domains.map((domain) => (
              <li key={domain.dn}>
                <strong>{domain.dnsName}</strong> ({domain.netbiosName}) —{' '}
                {domain.writableDcs.length} writable DC{domain.writableDcs.length === 1 ? '' : 's'},
                PDC emulator {domain.pdcEmulator ?? 'unknown'}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {connectors ? (
        <fieldset className="connectors">
          <legend>AD DS connector account</legend>
          {connectors.accounts.length === 0 ? (
            <p>No MSOL_ account was found: AD Connect was installed with a custom account.</p>
          ) : null}
          {connectors.accounts.map((account) => (
            <label key={account.dn} className={account.enabled ? 'task' : 'task unavailable'}>
              <input
                type="radio"
                name="connector"
                checked={connectors.chosen === account.dn}
                onChange={() => void choose(account.dn)}
                disabled={!account.enabled}
                aria-describedby={
                  account.enabled ? undefined : `disabled-${account.sAMAccountName}`
                }
              />
              <span>
                <strong>{account.sAMAccountName}</strong>{' '}
                {account.enabled ? null : (
                  <em id={`disabled-${account.sAMAccountName}`}>
                    (disabled: an earlier installation’s account; it cannot be chosen, and no right
                    is planned for it)
                  </em>
                )}
                <br />
                {account.computerName ? `AD Connect on ${account.computerName}` : 'Server unknown'}
                {account.tenant ? `, tenant ${account.tenant}` : ''}
                <br />
                <code>{account.dn}</code>
              </span>
            </label>
          ))}
        </fieldset>
      ) : null}
    </>
  );
}

/** What the admin typed, as an LDAP URL: a bare host (or host:port) means LDAPS. */
export function ldapUrl(typed: string): string {
  const text = typed.trim();
  if (/^ldaps?:\/\//i.test(text)) return text;
  return `ldaps://${text.replace(/^\/+/, '')}`;
}
