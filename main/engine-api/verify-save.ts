/**
 * "Save results" on Verify: the last checks and canary of this session as one document, in the
 * JSON `writeback verify --out` writes (which `writeback assess --verify` reads back) or the
 * HTML report `--html` writes, with the events and each DC's time beside the checks. Saved
 * where the admin chooses (the host asks before overwriting, or picks a new name).
 */
import { badInput } from '../../shared/errors';
import type { ChannelInput, SavedReport } from '../../shared/ipc';
import { reportHtml } from '../report/report-html';
import { reportModel } from '../report/report-model';
import { reportVerify } from '../report/report-verify';
import type { VerifyResult } from '../verify/verify';
import type { EngineSession } from './session';
import { forApp, wordsFor } from './words';

export async function saveVerifyResults(
  session: EngineSession,
  input: ChannelInput<'verify.save'>,
): Promise<SavedReport> {
  const result = lastResults(session);
  const content =
    input.format === 'json'
      ? JSON.stringify(result, null, 2) + '\n'
      : reportHtml(
          reportModel(
            { generatedAt: result.generatedAt, checks: [], blockers: [], facts: {} },
            undefined,
            reportVerify([result]),
          ),
        );
  const stamp = result.generatedAt.replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
  const path = await session.host.saveFile(`writeback-verify-${stamp}.${input.format}`, content);
  if (!path) {
    throw badInput(
      'verify-not-saved',
      'The results were not saved.',
      'Choose a file to save them to.',
    );
  }
  return { path };
}

/** The checks and the canary of this session as one verify result, worded for the app. */
function lastResults(session: EngineSession): VerifyResult {
  const { checks, canary } = session.verified;
  if (checks === undefined && canary === undefined) {
    throw badInput(
      'verify-nothing-to-save',
      'No Verify check has run in this session, so there are no results to save.',
      'Run the checks (or the canary reset) first.',
    );
  }
  const runs = [checks, canary].filter((r): r is VerifyResult => r !== undefined);
  const all = runs.flatMap((r) => r.checks);
  return forApp(
    {
      generatedAt: runs
        .map((r) => r.generatedAt)
        .sort()
        .at(-1)!,
      checks: all,
      ...(checks?.events === undefined ? {} : { events: checks.events }),
      ...(checks?.connectivity === undefined ? {} : { connectivity: checks.connectivity }),
      ...(checks?.byHand === undefined ? {} : { byHand: checks.byHand }),
      ...(canary?.canary === undefined ? {} : { canary: canary.canary }),
      exitCode: all.some((check) => check.status === 'fail') ? 1 : 0,
    },
    wordsFor('verify.run'),
  );
}
