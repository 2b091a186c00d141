import { useEffect } from 'react';
import { useApi } from '../api';
import { ChecksList } from '../components/checks-list';
import { useWizard } from '../store';
import { useEngineCall } from '../use-engine';

/** What must hold before any change: each check passes, warns or fails, with the fix. */
export function PrerequisitesPage() {
  const api = useApi();
  const call = useEngineCall();
  const checks = useWizard((s) => s.prerequisites);
  const patch = useWizard((s) => s.patch);
  useEffect(() => {
    void call('prerequisites', 'Checking the prerequisites…', () =>
      api['prerequisites.check']({}),
    ).then((value) => value && patch({ prerequisites: value }));
  }, [api, call, patch]);
  return checks ? <ChecksList checks={checks} /> : null;
}
