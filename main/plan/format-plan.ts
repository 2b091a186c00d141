/**
 * A plan as `plan` and `show` print it: each operation's summary, target and diff, then the
 * notes. Every line is made printable last (shared/text/printable.ts): a plan is untrusted, and
 * no field of it may move the cursor or reorder what the admin reads before confirming.
 */
import { describeTarget, type Operation, type Plan } from '../../shared/plan';
import { printable } from '../../shared/text/printable';
import { describeSecurityDescriptorChange } from '../steps/permissions/describe-change';
import { unifiedDiff } from '../sysvol/text-diff';

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
    lines.push(...formatChange(operation).map((line) => `   ${line}`));
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

function formatChange(operation: Operation): string[] {
  switch (operation.kind) {
    case 'file':
      return unifiedDiff(operation.target, operation.before.text, operation.after.text)
        .trimEnd()
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => !/^(====|--- |\+\+\+ )/.test(line));
    case 'attribute':
      return [
        `- ${operation.attribute}: ${operation.before.join(' | ') || '(not set)'}`,
        `+ ${operation.attribute}: ${operation.after.join(' | ') || '(not set)'}`,
      ];
    case 'security-descriptor':
      // ACE rows in ADUC's words, the inheritance change, then the SDDL before and after.
      return describeSecurityDescriptorChange(operation)
        .slice(1)
        .map((line) => line.trimStart());
    case 'adsync-setting':
      return [
        `- ${operation.target}: ${operation.before.enabled ? 'on' : 'off'}`,
        `+ ${operation.target}: ${operation.after.enabled ? 'on' : 'off'}`,
        `PowerShell: ${operation.powershell}`,
      ];
  }
}
