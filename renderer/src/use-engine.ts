/**
 * Runs one engine call for a page: marks the wizard busy with what it is doing, shows the
 * engine's error (message and fix) on that page, and returns the value or undefined.
 */
import { useCallback } from 'react';
import type { IpcResult } from '../../shared/ipc';
import type { StepId } from './steps';
import { useWizard } from './store';

export function useEngineCall() {
  const setBusy = useWizard((s) => s.setBusy);
  const setError = useWizard((s) => s.setError);
  return useCallback(
    async <T>(
      step: StepId,
      doing: string,
      call: () => Promise<IpcResult<T>>,
    ): Promise<T | undefined> => {
      setBusy(doing);
      setError(step, undefined);
      try {
        const result = await call();
        if (!result.ok) {
          setError(step, result.error);
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
