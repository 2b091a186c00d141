import type { Plan } from '../../../../shared/plan';
import { CommandBlock } from './disclosure';
import { OperationView } from './operation-view';

/** Every change of a plan, then what the step could not turn into a change (notes). */
export function PlanView({ plan, emptyText }: { plan: Plan; emptyText: string }) {
  return (
    <div className="plan">
      {plan.operations.length === 0 ? <p className="nothing">{emptyText}</p> : null}
      {plan.operations.map((operation, index) => (
        <OperationView key={index} operation={operation} index={index} />
      ))}
      {plan.notes.length > 0 ? (
        <section className="notes" aria-label="Notes">
          <h4>Notes</h4>
          <ul>
            {plan.notes.map((note, i) => (
              <li key={i} className={`note note-${note.level}`}>
                <span className="note-level">
                  {note.level === 'warning' ? '! Warning' : 'i Note'}
                </span>{' '}
                {note.message}
                {note.commands?.map((command) => (
                  <CommandBlock key={command} command={command} />
                ))}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
