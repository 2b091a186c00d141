import { assessmentContext } from '../../report/assessment-context';
import { runContext } from '../../plan/journal';
import { version } from '../version';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Check } from '../../../shared/checks';
import {
  runAssessment,
  type AssessProvider,
  type AssessReport,
} from '../../assess/assess-provider';
import { adsyncAssessProvider } from '../../assess/adsync-assess-provider';
import { entraAssessProvider, entraSkipped } from '../../assess/entra-assess-provider';
import { adsyncRunner } from '../options/run';
import { connectEntra, type EntraOptionValues } from '../options/entra';
import { adProviderFromOptions, type AdOptionValues } from '../options/ad';
import { addFlags } from '../options/flags';
import { addSharedOptions } from '../options/shared';
import { forCli } from '../words';
import { reportCsv } from '../../report/report-csv';
import { reportHtml } from '../../report/report-html';
import { reportModel } from '../../report/report-model';
import { readVerifyFile } from '../../report/report-verify';

interface AssessOptionValues extends EntraOptionValues, AdOptionValues {
  readonly adsync?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly csv?: string;
  readonly html?: string;
  readonly verify?: string;
}

/**
 * `writeback assess` (docs/cli.md): read-only. Each side of the assessment is a provider; the
 * Active Directory provider is added by its own module and, until --dc is given, reports
 * that per-user readiness was not assessed.
 */
export function addAssessCommand(program: Command): void {
  const command = addSharedOptions(program.command('assess'));
  addFlags(command, [
    'directories',
    'pageSize',
    'streams',
    'json',
    'out',
    'csv',
    'html',
    'verifyResult',
  ])
    .description('Read-only: prerequisites, the state of every step, and per-user readiness.')
    .action(async (options: AssessOptionValues) => {
      // Read first: a verify file that is not one is refused before anything connects.
      const verify =
        options.verify === undefined ? undefined : await readVerifyFile(options.verify);
      const ad = await adProviderFromOptions(options);
      const entra = connectEntra(options);
      // In the wizard's order: the tenant, the Connect server, then the directory and its users.
      const providers: AssessProvider[] = [
        entra === undefined ? entraSkipped : entraAssessProvider(entra.graph),
        adsyncAssessProvider(adsyncRunner(options)),
        ad,
      ];
      // Engine text names fields (shared/fields.ts): the report says the flags.
      const report = forCli(await runAssessment(providers));
      const document =
        JSON.stringify({ ...publicReport(report), ...(verify ? { verify } : {}) }, null, 2) + '\n';
      if (options.out !== undefined) await writeFile(options.out, document, { mode: 0o600 });
      const { user, host } = runContext();
      const context = assessmentContext(report, {
        ...(options.dc !== undefined ? { dc: options.dc } : {}),
        operator: `${user}@${host}`,
        tool: `Writeback Wizard ${version} (command line)`,
      });
      const model = reportModel(report, context, verify);
      if (options.csv !== undefined)
        await writeFile(options.csv, reportCsv(model.blockers, model.warnings), {
          mode: 0o600,
        });
      if (options.html !== undefined)
        await writeFile(options.html, reportHtml(model), { mode: 0o600 });
      process.stdout.write(options.json === true ? document : humanReport(report.checks));
      process.exitCode = report.exitCode;
    });
}

function publicReport(report: AssessReport): Omit<AssessReport, 'exitCode'> {
  const { generatedAt, checks, blockers, facts, summary } = report;
  return { generatedAt, checks, blockers, facts, ...(summary ? { summary } : {}) };
}

const marks = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', unknown: '  ? ' } as const;

function humanReport(checks: readonly Check[]): string {
  return (
    checks
      .map(
        (check) =>
          `[${marks[check.status]}] ${check.directory ? `${check.directory.domain}: ` : ''}${check.title}\n       ${check.message}` +
          (check.fix === '' ? '' : `\n       fix: ${check.fix}`),
      )
      .join('\n') + '\n'
  );
}
