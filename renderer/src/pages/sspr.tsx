/**
 * SSPR on-premises integration: no API sets it, so the wizard guides (the exact page, what to
 * set and why) and records the admin's confirmation.
 */
import { useEffect, useState } from 'react';
import type { SsprGuideView } from '../../../shared/ipc';
import { useApi } from '../api';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';

export function SsprPage() {
  const api = useApi();
  const call = useEngineCall();
  const patch = useWizard((s) => s.patch);
  const [guide, setGuide] = useState<SsprGuideView>();
  const [saved, setSaved] = useState(false);
  const signedInTenant = useWizard((s) => s.entra?.account?.tenantId);
  const [tenant, setTenant] = useState('');
  useEffect(() => {
    void call('sspr', 'Loading…', () => api['sspr.guide']({})).then((g) => g && setGuide(g));
  }, [api, call]);
  if (!guide) return null;
  const confirm = async () => {
    const value = await call('sspr', 'Recording your confirmation…', () =>
      api['sspr.confirm']({ ...(tenant.trim() ? { tenant: tenant.trim() } : {}) }),
    );
    if (value) {
      setGuide(value);
      patch({ ssprConfirmed: true });
    }
  };
  return (
    <>
      <p>
        In the Entra admin center: <strong>{guide.portalPath}</strong>.
      </p>
      <button
        type="button"
        onClick={() =>
          void call('sspr', 'Opening…', () => api['external.open']({ url: guide.deepLink }))
        }
      >
        Open On-premises integration in your browser
      </button>
      <h3>Before you start</h3>
      <ul>
        {guide.beforeYouStart.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3>Set</h3>
      <table className="before-after">
        <thead>
          <tr>
            <th scope="col">Setting</th>
            <th scope="col">Value</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {guide.settings.map((s) => (
            <tr key={s.setting}>
              <td>{s.setting}</td>
              <td>
                {s.value}
                {s.optional ? ' (recommended)' : ''}
              </td>
              <td>{s.why}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Then prove it</h3>
      <ul>
        {guide.verify.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {!signedInTenant ? (
        <label className="field">
          <span>Tenant you changed (its domain or id; recorded with your confirmation)</span>
          <input
            value={tenant}
            onChange={(e) => setTenant(e.target.value)}
            placeholder="contoso.onmicrosoft.com"
            spellCheck={false}
          />
        </label>
      ) : null}
      <div className="confirm-row">
        <label>
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} /> I
          saved these settings in the portal
        </label>
        <button type="button" className="primary" disabled={!saved} onClick={() => void confirm()}>
          Record my confirmation
        </button>
      </div>
      {guide.lastConfirmation ? (
        <p role="status">
          Confirmed {new Date(guide.lastConfirmation.at).toLocaleString()}
          {guide.lastConfirmation.tenant
            ? ` for tenant ${guide.lastConfirmation.tenant}`
            : ''} by {guide.lastConfirmation.user} on {guide.lastConfirmation.host}.
        </p>
      ) : null}
    </>
  );
}
