/**
 * A plan as `plan` and `show` print it: each operation's summary, target and diff, then the
 * notes. Every line is made printable last (shared/text/printable.ts): a plan is untrusted, and
 * no field of it may move the cursor or reorder what the admin reads before confirming.
 */
import { describeTarget, type Plan } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { kindOf } from '../operations/registry';

export function formatPlan(plan: Plan): string {
  const lines: string[] = [];
  if (plan.operations.length === 0) {
    // "Nothing to change" must not read as "all is well" when part of the state was not read.
    lines.push(
      plan.notes.some((note) => note.level === 'warning')
        ? 'Nothing to change in what was read; see the warnings below.'
        : 'Nothing to change.',
    );
  }
  for (const [index, operation] of plan.operations.entries()) {
    lines.push(
      `#${index} [${operation.step}] ${operation.summary}${operation.optIn ? ' (opt-in)' : ''}`,
    );
    lines.push(`   target: ${describeTarget(operation)}`);
    lines.push(
      ...kindOf(operation)
        .changeLines(operation)
        .map((line) => `   ${line}`),
    );
    if (operation.equivalentCommand)
      for (const command of operation.equivalentCommand.split('\n'))
        lines.push(`   by hand: ${command}`);
    lines.push('');
  }
  for (const note of plan.notes) {
    lines.push(`${note.level === 'warning' ? 'warning' : 'note'} [${note.step}]: ${note.message}`);
    for (const command of note.commands ?? []) lines.push(`    ${command}`);
  }
  return printableText(lines);
}

/** Lines joined for the terminal, each one escaped (a field's own newline cannot start a line). */
export function printableText(lines: readonly string[]): string {
  return lines.map(printable).join('\n') + '\n';
}
