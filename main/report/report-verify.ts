/**
 * A verify run in the assessment report: its checks, when each writable DC showed the canary's
 * new password, and the Connect server's writeback events with the step that fixes each. From
 * the app's last Verify results, or from a `writeback verify --out` file given to `writeback
 * assess --verify`, which is untrusted input: read through a schema, every text made printable.
 */
import { fileProblem } from '../platform/file-problem';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Check } from '../../shared/checks';
import { badInput } from '../../shared/errors';
import { printableCollapsed, printableLines } from '../../shared/text/printable';
import type { ByHand, VerifyResult } from '../verify/verify';

export interface ReportVerify {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly dcs: readonly ReportVerifyDc[];
  readonly events: readonly ReportVerifyEvent[];
  /** The Connect server's checks that could not run, as PowerShell to run there by hand. */
  readonly byHand?: ByHand;
}

export interface ReportVerifyDc {
  readonly dc: string;
  readonly seenAfterMs?: number;
  readonly convergedAfterMs?: number;
  readonly originating: boolean;
  readonly error?: string;
}

export interface ReportVerifyEvent {
  readonly at: string;
  readonly id: number;
  readonly source: string;
  readonly name: string;
  readonly outcome: string;
  readonly meaning: string;
  readonly step: string;
}

type VerifyLike = Pick<VerifyResult, 'generatedAt' | 'checks' | 'events' | 'byHand'> & {
  readonly canary?: { readonly dcs: readonly ReportVerifyDc[] };
};

/** One report section from several verify runs (the checks, then the canary): newest time. */
export function reportVerify(
  results: readonly (VerifyLike | undefined)[],
): ReportVerify | undefined {
  const given = results.filter((r): r is VerifyLike => r !== undefined);
  if (given.length === 0) return undefined;
  const byHand = Object.assign({}, ...given.map((r) => r.byHand ?? {})) as ByHand;
  return {
    ...(Object.keys(byHand).length === 0 ? {} : { byHand }),
    generatedAt: given
      .map((r) => r.generatedAt)
      .sort()
      .at(-1)!,
    checks: given.flatMap((r) => r.checks),
    dcs: given.flatMap((r) =>
      (r.canary?.dcs ?? []).map((dc) => ({
        dc: dc.dc,
        ...(dc.seenAfterMs === undefined ? {} : { seenAfterMs: dc.seenAfterMs }),
        ...(dc.convergedAfterMs === undefined ? {} : { convergedAfterMs: dc.convergedAfterMs }),
        originating: dc.originating,
        ...(dc.error === undefined ? {} : { error: dc.error }),
      })),
    ),
    events: given.flatMap((r) =>
      (r.events ?? []).map(({ at, id, source, name, outcome, meaning, step }) => ({
        at,
        id,
        source,
        name,
        outcome,
        meaning,
        step,
      })),
    ),
  };
}

const line = z.string().transform((s) => printableCollapsed(s, 2000));
const ms = z.number().finite().nonnegative().optional();
/** A command of several lines: line breaks kept, every other control character escaped. */
const script = z
  .string()
  .max(20_000)
  .transform((s) => printableLines(s));

/** What a `writeback verify --out` file must hold to go into a report (more is ignored). */
const verifyFile = z.object({
  generatedAt: line,
  checks: z
    .array(
      z.object({
        id: line,
        title: line,
        status: z.enum(['pass', 'warn', 'fail', 'unknown']),
        message: line,
        fix: line,
      }),
    )
    .max(1000),
  events: z
    .array(
      z.object({
        at: line,
        id: z.number().int(),
        source: line,
        name: line,
        outcome: line,
        meaning: line,
        step: line,
      }),
    )
    .max(10_000)
    .optional(),
  canary: z
    .object({
      dcs: z
        .array(
          z.object({
            dc: line,
            seenAfterMs: ms,
            convergedAfterMs: ms,
            originating: z.boolean(),
            error: line.optional(),
          }),
        )
        .max(1000),
    })
    .optional(),
  byHand: z
    .object({
      events: script.optional(),
      connectivity: script.optional(),
      canary: script.optional(),
    })
    .optional(),
});

/** Reads a verify result file for the report; a file that is not one is refused, saying why. */
export async function readVerifyFile(path: string): Promise<ReportVerify> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw badInput(
      'report-verify-unreadable',
      `Cannot read the verify result ${path}: ${fileProblem(error)}.`,
      'Give the result file that writeback verify wrote.',
      error,
    );
  }
  const parsed = verifyFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw badInput(
      'report-verify-invalid',
      `${path} is not a verify result: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}.`,
      'Give the result file that writeback verify wrote, unchanged.',
    );
  }
  return reportVerify([parsed.data as VerifyLike])!;
}

/**
 * What a verify run proved, in one sentence for the top of its report and the end of the CLI's
 * output: never an all-clear when nothing could be checked or a check failed.
 */
export function verifyHeadline(checks: readonly Pick<Check, 'status'>[]): string {
  const count = (status: Check['status']) => checks.filter((c) => c.status === status).length;
  const [pass, warn, fail, unknown] = [
    count('pass'),
    count('warn'),
    count('fail'),
    count('unknown'),
  ];
  const couldNot = unknown === 0 ? '' : `; ${unknown} could not be checked`;
  if (checks.length === 0) return 'Nothing was checked: no verify check ran.';
  if (fail > 0)
    return `Writeback is not proven: ${fail} of ${checks.length} check(s) failed${couldNot}.`;
  if (pass + warn === 0)
    return `Nothing was proven: none of the ${checks.length} check(s) could run (each says why, and what to run by hand).`;
  return `${pass + warn} of ${checks.length} check(s) passed${warn > 0 ? ` (${warn} with a warning)` : ''}${couldNot}${unknown > 0 ? ': writeback is proven only as far as those that passed.' : '.'}`;
}
