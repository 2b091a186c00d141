/**
 * Minimum password age: where the effective value comes from (the GPO that wins, the domain
 * head, PSOs) and its change to 0, as text diffs of GptTmpl.inf / GPT.INI and before → after
 * rows for the attributes. Needs the domain's SYSVOL folder: on Windows the domain's own share,
 * elsewhere a folder the admin names (a mounted share), never a Windows path on Linux.
 * The PSO opt-in re-plans at once and is kept when the admin leaves the page.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useApi } from '../api';
import { PlanView } from '../components/diff/plan-view';
import { useWizard } from '../store';
import { useMakePlan } from '../use-engine';

export function MinPasswordAgePage() {
  const api = useApi();
  const makePlan = useMakePlan('min-password-age');
  const { plans, sysvol, psosAll, patch, connected, busy } = useWizard();
  const dns = connected?.domains[0]?.dnsName;
  const [folder, setFolder] = useState(sysvol);
  const [windows, setWindows] = useState<boolean>();
  const plan = plans['min-password-age'];

  useEffect(() => {
    void api['app.info']({}).then((info) => {
      if (!info.ok) return;
      const onWindows = info.value.platform === 'win32';
      setWindows(onWindows);
      if (onWindows && !useWizard.getState().sysvol && dns) {
        setFolder(`\\\\${dns}\\SYSVOL\\${dns}`);
      }
    });
  }, [api, dns]);

  const read = (path: string, allPsos: boolean) =>
    makePlan('Reading the password policies…', {
      steps: ['min-password-age'],
      sysvol: path.trim(),
      ...(allPsos ? { psos: 'all' as const } : {}),
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    patch({ sysvol: folder });
    await read(folder, psosAll);
  };

  const togglePsos = (allPsos: boolean) => {
    patch({ psosAll: allPsos });
    // Planned already: plan again at once, so the diff always matches the tick.
    if (plan && folder.trim()) void read(folder, allPsos);
  };

  return (
    <>
      <p>
        A reset by writeback is refused while the password is younger than the minimum password age.
        The change sets it to 0 where it is decided: the Group Policy that wins at the domain root
        (with its version raised), the domain head, and the PSOs you choose.
      </p>
      <form className="form inline" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span>SYSVOL folder of the domain (the one holding Policies)</span>
          <input
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder={
              windows === false
                ? `/mnt/sysvol/${dns ?? 'contoso.com'} (the domain’s SYSVOL share, mounted here)`
                : `\\\\${dns ?? 'contoso.com'}\\SYSVOL\\${dns ?? 'contoso.com'}`
            }
            spellCheck={false}
            required
          />
          {windows === false ? (
            <small>
              This computer is not Windows: mount the domain’s SYSVOL share (for example with{' '}
              <code>mount -t cifs //{dns ?? 'contoso.com'}/SYSVOL /mnt/sysvol</code>) and give the
              folder named for the domain inside it.
            </small>
          ) : null}
        </label>
        <label>
          <input
            type="checkbox"
            checked={psosAll}
            onChange={(e) => togglePsos(e.target.checked)}
            disabled={busy !== undefined}
          />{' '}
          Also set every PSO with a minimum age to 0 (opt-in)
        </label>
        <button type="submit" className="primary" disabled={busy !== undefined}>
          {plan ? 'Read again' : 'Read the policies'}
        </button>
      </form>
      {plan ? (
        <PlanView
          plan={plan.plan}
          emptyText="Nothing to change: the minimum password age is already 0."
        />
      ) : null}
    </>
  );
}
