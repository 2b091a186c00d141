/**
 * Minimum password age: where the effective value comes from (the GPO that wins, the domain
 * head, PSOs) and its change to 0, as text diffs of GptTmpl.inf / GPT.INI and before → after
 * rows for the attributes. Needs the domain's SYSVOL folder.
 */
import { useState, type FormEvent } from 'react';
import { PlanView } from '../components/diff/plan-view';
import { useWizard } from '../store';
import { useMakePlan } from '../use-engine';

export function MinPasswordAgePage() {
  const makePlan = useMakePlan('min-password-age');
  const { plans, sysvol, psosAll, patch, connected } = useWizard();
  const dns = connected?.domains[0]?.dnsName ?? '<domain>';
  const [folder, setFolder] = useState(sysvol || `\\\\${dns}\\SYSVOL\\${dns}`);
  const [allPsos, setAllPsos] = useState(psosAll);
  const plan = plans['min-password-age'];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    patch({ sysvol: folder, psosAll: allPsos });
    await makePlan('Reading the password policies…', {
      steps: ['min-password-age'],
      sysvol: folder.trim(),
      ...(allPsos ? { psos: 'all' as const } : {}),
    });
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
            spellCheck={false}
            required
          />
        </label>
        <label>
          <input type="checkbox" checked={allPsos} onChange={(e) => setAllPsos(e.target.checked)} />{' '}
          Also set every PSO with a minimum age to 0 (opt-in)
        </label>
        <button type="submit" className="primary">
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
