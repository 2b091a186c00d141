/**
 * A plan as `plan` and `show` print it: each operation's summary, target and diff, then the
 * notes; a plan over several directories directory by directory (the Connect server's settings
 * first), each under a heading that names its domain, forest and DC. Every line is made
 * printable last (shared/text/printable.ts): a plan is untrusted, and no field of it may move the
 * cursor or reorder what the admin reads before confirming.
 */
import { describeTarget, type Plan, type PlanDirectory, type PlanNote } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { kindOf } from '../operations/registry';
import { directoryKey, directoryLabel } from './plan-directories';

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
  const directories = plan.source.directories;
  if (!directories) {
    lines.push(...operationLines(plan, allIndexes(plan)), ...noteLines(plan.notes));
    return printableText(lines);
  }
  const keyOf = (tag: { forest: string; domain: string } | undefined) =>
    tag ? directoryKey(tag) : undefined;
  for (const directory of [undefined, ...directories]) {
    const key = keyOf(directory);
    const indexes = allIndexes(plan).filter((i) => keyOf(plan.operations[i]!.directory) === key);
    const notes = plan.notes.filter((note) => keyOf(note.directory) === key);
    if (!directory && indexes.length + notes.length === 0) continue;
    lines.push(heading(directory, indexes.length));
    lines.push(...operationLines(plan, indexes), ...noteLines(notes), '');
  }
  return printableText(lines);
}

function heading(directory: PlanDirectory | undefined, changes: number): string {
  const count = `${changes} change${changes === 1 ? '' : 's'}`;
  return directory
    ? `== ${directoryLabel(directory)}: ${directory.baseDn}, read from ${directory.dc} (${count})`
    : `== The Connect server (${count})`;
}

const allIndexes = (plan: Plan): number[] => plan.operations.map((_, index) => index);

function operationLines(plan: Plan, indexes: readonly number[]): string[] {
  const lines: string[] = [];
  for (const index of indexes) {
    const operation = plan.operations[index]!;
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
  return lines;
}

function noteLines(notes: readonly PlanNote[]): string[] {
  const lines: string[] = [];
  for (const note of notes) {
    lines.push(`${note.level === 'warning' ? 'warning' : 'note'} [${note.step}]: ${note.message}`);
    for (const command of note.commands ?? []) lines.push(`    ${command}`);
  }
  return lines;
}

/** Lines joined for the terminal, each one escaped (a field's own newline cannot start a line). */
export function printableText(lines: readonly string[]): string {
  return lines.map(printable).join('\n') + '\n';
}
