/**
 * Connect directories: a DC over LDAPS with the certificate verified (or pinned), the bind
 * account, and the AD DS connector account AD Connect uses. The password lives in this form's
 * state only until it is sent, then it is cleared.
 */
import { useState, type FormEvent } from 'react';
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = password;
    setPassword('');
    const value = await call('connect', 'Connecting…', () =>
      api['directory.connect']({
        url: url.trim(),
        bindUser: bindUser.trim(),
        password: sent,
        ...(caPem.trim() ? { caPem: caPem.trim() } : {}),
        ...(fingerprint.trim() ? { tlsFingerprint: fingerprint.trim() } : {}),
      }),
    );
    if (!value) return;
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
          <small>LDAPS (port 636), or ldap:// with StartTLS. Never a clear-text bind.</small>
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
        <details className="disclosure">
          <summary>Certificate trust (when the DC certificate is from a private CA)</summary>
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
                {domain.writableDcs.length} writable DC(s), PDC emulator{' '}
                {domain.pdcEmulator ?? 'unknown'}
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
            <label key={account.dn} className="task">
              <input
                type="radio"
                name="connector"
                checked={connectors.chosen === account.dn}
                onChange={() => void choose(account.dn)}
              />
              <span>
                <strong>{account.sAMAccountName}</strong> {account.enabled ? '' : '(disabled)'}
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
