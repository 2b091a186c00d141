import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Check } from '../../../shared/checks';
import {
  runAssessment,
  type AssessProvider,
  type AssessReport,
} from '../../assess/assess-provider';
import { adsyncAssessProvider } from '../../assess/adsync-assess-provider';
import { entraAssessProvider, entraSkipped } from '../../entra/entra-assess-provider';
import { addAdsyncOption, adsyncRunner } from '../../plan/run-options';
import { addEntraOptions, connectEntra, type EntraOptionValues } from '../entra-options';
import {
  addAdOptions,
  adProviderFromOptions,
  type AdOptionValues,
} from '../../readiness/ad-cli-options';
import { reportCsv } from '../../report/report-csv';
import { reportHtml } from '../../report/report-html';
import { reportModel } from '../../report/report-model';

interface AssessOptionValues extends EntraOptionValues, AdOptionValues {
  readonly adsync?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly csv?: string;
  readonly html?: string;
}

/**
 * `writeback assess` (docs/cli.md): read-only. Each side of the assessment is a provider; the
 * Active Directory provider is added by its own module and, until --dc is given, reports
 * that per-user readiness was not assessed.
 */
export function addAssessCommand(program: Command): void {
  const command = program
    .command('assess')
    .description('Read-only: prerequisites, the state of every step, and per-user readiness.')
    .option('--json', 'print one JSON document on stdout')
    .option('--out <report.json>', 'also write the JSON report to this file')
    .option('--csv <blockers.csv>', 'write the blockers, one row per reason')
    .option('--html <report.html>', 'write the self-contained HTML report');
  addAdsyncOption(addAdOptions(addEntraOptions(command))).action(
    async (options: AssessOptionValues) => {
      const ad = await adProviderFromOptions(options);
      const entra = connectEntra(options);
      // In the wizard's order: the tenant, the Connect server, then the directory and its users.
      const providers: AssessProvider[] = [
        entra === undefined ? entraSkipped : entraAssessProvider(entra.graph),
        adsyncAssessProvider(adsyncRunner(options)),
        ad,
      ];
      const report = await runAssessment(providers);
      const document = JSON.stringify(publicReport(report), null, 2) + '\n';
      if (options.out !== undefined) await writeFile(options.out, document, { mode: 0o600 });
      const model = reportModel(report);
      if (options.csv !== undefined)
        await writeFile(options.csv, reportCsv(model.blockers, model.warnings), { mode: 0o600 });
      if (options.html !== undefined)
        await writeFile(options.html, reportHtml(model), { mode: 0o600 });
      process.stdout.write(options.json === true ? document : humanReport(report.checks));
      process.exitCode = report.exitCode;
    },
  );
}

function publicReport(report: AssessReport): Omit<AssessReport, 'exitCode'> {
  const { generatedAt, checks, blockers, facts } = report;
  return { generatedAt, checks, blockers, facts };
}

const marks = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '  ? ' } as const;

function humanReport(checks: readonly Check[]): string {
  return (
    checks
      .map(
        (check) =>
          `[${marks[check.status]}] ${check.title}\n       ${check.message}` +
          (check.fix === '' ? '' : `\n       fix: ${check.fix}`),
      )
      .join('\n') + '\n'
  );
}
