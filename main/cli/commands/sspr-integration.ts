/**
 * `writeback sspr-integration [--cloud <name>] [--confirm] [--journal-dir <folder>] [--json]`:
 * the Entra side of writeback, which no supported API can read or set. Prints the portal page
 * (deep link and path) and the settings to save there; with --confirm, records that the admin
 * saved them (who, when, where) beside the run journals, for the report and the next admin.
 */
import type { Command } from 'commander';
import { cloudByName } from '../../entra/national-clouds';
import { defaultJournalFolder } from '../../plan/journal';
import { confirmSsprIntegration, ssprIntegrationStep } from '../../steps/sspr-integration';
import { addFlags } from '../options/flags';
import { forCli } from '../words';
import { printable } from '../../../shared/text/printable';

interface SsprOptions {
  readonly cloud: string;
  readonly tenant?: string;
  readonly confirm?: boolean;
  readonly journalDir?: string;
  readonly json?: boolean;
}

export function addSsprIntegrationCommand(program: Command): void {
  addFlags(program.command('sspr-integration'), [
    'cloud',
    'tenant',
    'confirm',
    'journalDir',
    'json',
  ])
    .description(
      'Show where and what to set in the Entra admin center for password writeback, and record that it was done.',
    )
    .action(async (options: SsprOptions) => {
      const cloud = cloudByName(options.cloud);
      const folder = options.journalDir ?? defaultJournalFolder();
      const recorded = options.confirm
        ? confirmSsprIntegration(folder, { cloud, tenant: options.tenant })
        : undefined;
      const { state } = await ssprIntegrationStep.inspect({ cloud, journalFolder: folder });
      const { guide } = state;
      const confirmations = forCli(state.confirmations);
      if (options.json) {
        process.stdout.write(JSON.stringify({ guide, confirmations }) + '\n');
        return;
      }
      const lines = [
        `Open: ${guide.deepLink}`,
        `  (${guide.portalPath})`,
        '',
        'Before you start:',
        ...guide.beforeYouStart.map((line) => `  - ${line}`),
        '',
        'Set:',
        ...guide.settings.map(
          (s) =>
            `  - ${s.setting}: ${s.value}${s.optional ? ' (recommended; writeback works without it)' : ''}\n      ${s.why}`,
        ),
        '',
        'Then prove it:',
        ...guide.verify.map((line) => `  - ${line}`),
        '',
      ];
      const last = confirmations.at(-1);
      // What the confirmations file says (who, where) is untrusted text: escaped.
      lines.push(
        printable(
          recorded
            ? `Recorded your confirmation (${recorded.at}, ${recorded.user} on ${recorded.host}) in ${folder}.`
            : last
              ? `Last confirmed ${last.at} by ${last.user} on ${last.host}${last.tenant ? ` for ${last.tenant}` : ''}.`
              : 'Not confirmed yet: once saved in the portal, run this again with --confirm.',
        ),
      );
      process.stdout.write(lines.join('\n') + '\n');
    });
}
