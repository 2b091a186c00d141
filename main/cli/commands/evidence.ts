/**
 * `writeback evidence <journal>`: writes the evidence pack of a run (folder, zip, sha256
 * manifest); `writeback evidence --check <folder>` verifies a pack against its manifest.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ExitCode, badInput } from '../../../shared/errors';
import { checkManifest } from '../../evidence/manifest';
import { writeEvidencePack } from '../../evidence/pack';
import { readRunStatus } from '../../plan/recover';
import { commandAgain } from '../options/command-again';
import { refuseNonJournal } from '../options/not-a-journal';

interface EvidenceOptionValues {
  readonly out?: string;
  readonly verify?: string[];
  readonly report?: string[];
  readonly zip?: boolean;
  readonly check?: string;
  readonly json?: boolean;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function addEvidenceCommand(program: Command): void {
  program
    .command('evidence')
    .description(
      'Write the evidence pack of a run (plan, journal, before/after of every target, verify results, reports, rollback by hand, sha256 manifest), or check one.',
    )
    .argument('[journal]', 'the journal of the run (apply printed it)')
    .option(
      '--out <folder>',
      'where to write the pack (default: evidence-<run id> beside the journal)',
    )
    .option('--verify <file>', 'add a verify result (writeback verify --out); repeatable', collect)
    .option('--report <file>', 'add an assessment report (JSON, HTML, CSV); repeatable', collect)
    .option('--no-zip', 'write the folder only')
    .option('--check <folder>', 'verify a pack folder against its SHA256SUMS instead')
    .option('--json', 'print the result as one JSON document')
    .action(async (journal: string | undefined, options: EvidenceOptionValues) => {
      if (options.check !== undefined) {
        const result = await checkManifest(options.check);
        process.stdout.write(
          options.json === true
            ? JSON.stringify(result) + '\n'
            : result.ok
              ? `Evidence pack ${options.check}: all ${result.checked} files match SHA256SUMS.\n`
              : [
                  `Evidence pack ${options.check} does NOT match its manifest:`,
                  ...result.changed.map((f) => `  changed:  ${f}`),
                  ...result.missing.map((f) => `  missing:  ${f}`),
                  ...result.unlisted.map((f) => `  unlisted: ${f}`),
                  '',
                ].join('\n'),
        );
        process.exitCode = result.ok ? ExitCode.done : ExitCode.failed;
        return;
      }
      if (journal === undefined) {
        throw badInput(
          'evidence-no-journal',
          'Give the journal of the run, or --check <folder>.',
          'Run writeback runs to list the journals.',
        );
      }
      await refuseNonJournal(journal);
      const pack = await writeEvidencePack({
        journalPath: journal,
        rollbackWithTool: await rollbackWithTool(journal),
        ...(options.out === undefined ? {} : { out: options.out }),
        verifyResults: options.verify ?? [],
        reports: options.report ?? [],
        zip: options.zip !== false,
      });
      process.stdout.write(
        options.json === true
          ? JSON.stringify(pack) + '\n'
          : `Evidence pack: ${pack.folder}${pack.zip === undefined ? '' : ` and ${pack.zip}`} (${pack.files} files; SHA256SUMS sha256 ${pack.manifestSha256}).\n`,
      );
    });
}

/**
 * The pack's "with the tool" part: writeback rollback with the plan's DC, for sh and for
 * PowerShell, each value quoted for that shell (the journal where the run wrote it, absolute).
 */
async function rollbackWithTool(journalPath: string): Promise<string> {
  const { plan } = await readRunStatus(journalPath);
  const journal = resolve(journalPath);
  return [
    'The tool does this for you, refusing any target changed since. In sh (Linux, macOS):',
    '',
    `    ${commandAgain('rollback', journal, {}, plan, 'sh')}`,
    '',
    'In PowerShell (Windows):',
    '',
    `    ${commandAgain('rollback', journal, {}, plan, 'powershell')}`,
    '',
    'Give the journal where the run wrote it (the copy in this pack is the record: leave it as it is).',
    "<admin> is an account allowed to write these objects; add --password-env <VAR> to take its password from a variable, and --ca <file.pem> or --tls-fingerprint <sha256> when the DC's certificate is not trusted by the system, as for apply.",
  ].join('\n');
}
