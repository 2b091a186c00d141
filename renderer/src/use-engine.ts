/**
 * Runs one engine call for a page: marks the wizard busy with what it is doing, shows the
 * engine's error (message and fix) on that page, and returns the value or undefined.
 */
import { useCallback } from 'react';
import type { ChannelInput, IpcResult } from '../../shared/ipc';
import { useApi } from './api';
import type { WizardPage } from '../../shared/wizard-pages';
import { useWizard, type PlanKey } from './store';

export function useEngineCall() {
  const setBusy = useWizard((s) => s.setBusy);
  const setError = useWizard((s) => s.setError);
  return useCallback(
    async <T>(
      step: WizardPage,
      doing: string,
      call: () => Promise<IpcResult<T>>,
    ): Promise<T | undefined> => {
      setBusy(doing);
      setError(step, undefined);
      try {
        const result = await call();
        if (!result.ok) {
          setError(step, result.error, doing);
          return undefined;
        }
        return result.value;
      } finally {
        setBusy(undefined);
      }
    },
    [setBusy, setError],
  );
}

/**
 * Plans one step's changes and keeps the plan for Ready to configure. One scan at a time (the
 * engine refuses a second), so a re-render or a second click while busy starts nothing.
 */
export function useMakePlan(key: PlanKey) {
  const api = useApi();
  const call = useEngineCall();
  return useCallback(
    async (doing: string, input: ChannelInput<'plan.make'>): Promise<void> => {
      if (useWizard.getState().busy) return;
      const value = await call(key, doing, () => api['plan.make'](input));
      if (value) {
        const { plans, patch } = useWizard.getState();
        patch({ plans: { ...plans, [key]: value } });
      }
    },
    [api, call, key],
  );
}

/**
 * Assesses every user (the read-only scan) for the page the admin is on, and keeps the result
 * and its time (a report saved later tells whether changes came after it).
 */
export const assessingLabel = 'Assessing every user…';

export function useAssess(step: WizardPage) {
  const api = useApi();
  const call = useEngineCall();
  return useCallback(async (): Promise<boolean> => {
    if (useWizard.getState().busy) return false;
    // On Permissions, the plan shown there (if it changes anything) is judged in the same pass:
    // the list can then show who would still fail once it is applied, without a second scan.
    const planned = step === 'permissions' ? useWizard.getState().plans.permissions : undefined;
    const input = planned && planned.plan.operations.length > 0 ? { planId: planned.planId } : {};
    const value = await call(step, assessingLabel, () => api['assess.run'](input));
    if (!value) return false;
    useWizard.getState().patch({ assessment: value, assessedAt: new Date().toISOString() });
    return true;
  }, [api, call, step]);
}
