/**
 * `writeback evidence <journal>`: writes the evidence pack of a run (folder, zip, sha256
 * manifest); `writeback evidence --check <folder>` verifies a pack against its manifest.
 */
import type { Command } from 'commander';
import { ExitCode, badInput } from '../../../shared/errors';
import { checkManifest } from '../../evidence/manifest';
import { writeEvidencePack } from '../../evidence/pack';

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
      const pack = await writeEvidencePack({
        journalPath: journal,
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
