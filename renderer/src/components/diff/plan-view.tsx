import type { ReactNode } from 'react';
import type { Plan, PlanNote } from '../../../../shared/plan';
import { withLocalTimes } from '../../format';
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
              <NoteItem
                key={i}
                note={note}
                lead={
                  <span className="note-level">
                    {note.level === 'warning' ? '! Warning' : 'i Note'}
                  </span>
                }
              />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** One note: what leads it (its level, or its step), its message, and its commands to copy. */
export function NoteItem({ note, lead }: { note: PlanNote; lead: ReactNode }) {
  return (
    <li className={`note note-${note.level}`}>
      {lead} {withLocalTimes(note.message)}
      {note.commands?.map((command) => (
        <CommandBlock key={command} command={command} />
      ))}
    </li>
  );
}
