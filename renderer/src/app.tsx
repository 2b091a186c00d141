/**
 * The wizard's frame, as the Connect wizard lays it out: a blue band with the product name, the
 * step list on the left with the current step marked, one page at a time, Previous / Next at
 * the bottom right. A page that cannot go on says why and how to fix it.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useApi } from './api';
import { PrincipalNames } from './components/diff/principal-names';
import { ErrorBox } from './components/error-box';
import { CompletePage } from './pages/complete';
import { ConnectPage } from './pages/connect';
import { EntraPage } from './pages/entra';
import { MinPasswordAgePage } from './pages/min-password-age';
import { OptionalFeaturesPage } from './pages/optional-features';
import { PermissionsPage } from './pages/permissions';
import { PrerequisitesPage } from './pages/prerequisites';
import { ReadyPage } from './pages/ready';
import { SsprPage } from './pages/sspr';
import { VerifyPage } from './pages/verify';
import { WelcomePage } from './pages/welcome';
import { completeTitle } from './outcome';
import { pageTitles, wizardPages, type WizardPage } from '../../shared/wizard-pages';
import { stepsForTask } from './steps';
import { useWizard, type WizardState } from './store';

const pages: Readonly<Record<WizardPage, () => ReactNode>> = {
  welcome: WelcomePage,
  entra: EntraPage,
  connect: ConnectPage,
  prerequisites: PrerequisitesPage,
  'optional-features': OptionalFeaturesPage,
  permissions: PermissionsPage,
  'min-password-age': MinPasswordAgePage,
  sspr: SsprPage,
  ready: ReadyPage,
  complete: CompletePage,
  verify: VerifyPage,
};

/** Why Next is disabled on a page, in the admin's words; undefined when it may go on. */
export function blockedReason(state: WizardState): string | undefined {
  if (state.busy) return `Wait: ${state.busy}`;
  switch (state.step) {
    case 'connect': {
      // Verify reads the Connect server without AD; only its canary needs the connection.
      if (state.task === 'verify' && !state.connected) return undefined;
      if (!state.connected) return 'Connect to a domain controller first.';
      if (state.task === 'rollback') return undefined;
      const chosen = state.connectors?.accounts.find((a) => a.dn === state.connectors?.chosen);
      if (!chosen) return 'Choose the AD DS connector account AD Connect uses.';
      if (!chosen.enabled)
        return `${chosen.sAMAccountName} is disabled: choose the connector account AD Connect uses now.`;
      return undefined;
    }
    case 'prerequisites':
      return state.prerequisites?.some((c) => c.status === 'fail')
        ? 'A prerequisite fails: fix it (see above), then check again.'
        : undefined;
    default:
      return undefined;
  }
}

/** SID → DOMAIN\name for the accounts the directory named (the connector accounts). */
function principalNames(state: WizardState): Record<string, string> {
  const domain = state.connected?.domains[0]?.netbiosName;
  const names: Record<string, string> = {};
  for (const account of state.connectors?.accounts ?? []) {
    if (account.sid)
      names[account.sid] = domain ? `${domain}\\${account.sAMAccountName}` : account.sAMAccountName;
  }
  return names;
}

export function App() {
  const api = useApi();
  const state = useWizard();
  const { step, task, errors, next, previous, go } = state;
  const heading = useRef<HTMLHeadingElement>(null);
  const steps = stepsForTask[task];
  const Page = pages[step];
  const blocked = blockedReason(state);
  const last = steps[steps.length - 1] === step;
  // The last page is titled for what happened (Partly configured, Roll back a run…).
  const title = (id: WizardPage) => (id === 'complete' ? completeTitle(state) : pageTitles[id]);
  // The list names the Connect wizard's steps; a task of its own (roll back, assess) names its
  // last page as the page does, so the list and the heading never disagree.
  const listed = (id: WizardPage) =>
    task === 'rollback' || task === 'assess' ? title(id) : pageTitles[id];

  useEffect(() => api.onProgress((event) => useWizard.getState().onProgress(event)), [api]);
  // Keyboard and screen-reader users land on the new page's heading.
  useEffect(() => heading.current?.focus(), [step]);

  return (
    <div className="app">
      <header className="band">
        <span className="product">Writeback Wizard</span>
        <span className="subtitle">Microsoft Entra SSPR password writeback</span>
      </header>
      <div className="body">
        <nav aria-label="Wizard steps" className="steps">
          <ol>
            {wizardPages.map((id) => {
              const included = steps.includes(id);
              const reached = steps.indexOf(id) <= steps.indexOf(step);
              return (
                <li key={id} className={id === step ? 'current' : included ? '' : 'skipped'}>
                  {included && reached && id !== step && !state.busy ? (
                    <button type="button" className="link" onClick={() => go(id)}>
                      {listed(id)}
                    </button>
                  ) : (
                    <span aria-current={id === step ? 'step' : undefined}>
                      {listed(id)}
                      {included ? (
                        ''
                      ) : (
                        <span className="visually-hidden"> (not part of this task)</span>
                      )}
                    </span>
                  )}
                </li>
              );
            })}
          </ol>
        </nav>
        <main className="page">
          <h2 ref={heading} tabIndex={-1}>
            {title(step)}
          </h2>
          <ErrorBox error={errors[step]} />
          {/* A scroll container: focusable, so the keyboard can scroll a page without controls. */}
          <div
            className="page-content"
            tabIndex={0}
            role="region"
            aria-label={`${title(step)}: page`}
          >
            <PrincipalNames.Provider value={principalNames(state)}>
              <Page />
            </PrincipalNames.Provider>
          </div>
          <footer className="footer">
            {blocked && !state.busy ? (
              <p className="blocked" id="blocked-reason">
                {blocked}
              </p>
            ) : null}
            <button
              type="button"
              onClick={previous}
              disabled={step === steps[0] || state.busy !== undefined}
            >
              Previous
            </button>
            {!last ? (
              <button
                type="button"
                className="primary"
                onClick={next}
                disabled={blocked !== undefined}
                aria-describedby={blocked ? 'blocked-reason' : undefined}
              >
                Next
              </button>
            ) : null}
          </footer>
        </main>
      </div>
    </div>
  );
}
