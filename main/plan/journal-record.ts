/**
 * The journal's records as a schema: a journal sits on disk until rollback and is untrusted
 * input, like a plan. Every record read back is checked against this (strict objects, indexes
 * as integers, fingerprints as sha256), and every index against the plan it belongs to, so a
 * damaged or edited journal is refused with what to do instead of failing half-way.
 */
import { z } from 'zod';
import { badInput, type WizardError } from '../../shared/errors';
import { planDirectoryTag, type OperationKind } from '../../shared/plan';
import { plainLine } from '../../shared/plan/plain';
import { kindOf } from '../operations/registry';

const index = z.number().int().nonnegative();
const at = z.string().max(64);
const fingerprint = z.string().regex(/^[0-9a-f]{64}$/);
const error = z.strictObject({ code: plainLine().max(200), message: z.string().max(10_000) });

export const runHeaderSchema = z.strictObject({
  type: z.literal('run'),
  formatVersion: z.number().int(),
  runId: plainLine().max(200),
  planHash: fingerprint,
  planFile: plainLine().max(4096).optional(),
  user: plainLine().max(256),
  host: plainLine().max(256),
  pid: z.number().int().nonnegative(),
  at,
  /** Checked by validatePlan, with its meaning. */
  plan: z.unknown(),
});

export const journalRecordSchema = z.discriminatedUnion('type', [
  runHeaderSchema,
  z.strictObject({
    type: z.literal('before'),
    index,
    at,
    fingerprint,
    directory: planDirectoryTag.optional(),
    image: z.unknown(),
  }),
  z.strictObject({ type: z.literal('applied'), index, at }),
  z.strictObject({ type: z.literal('verified'), index, at, fingerprint }),
  z.strictObject({ type: z.literal('failed'), index, at, error }),
  z.strictObject({
    type: z.literal('run-end'),
    at,
    outcome: z.enum(['done', 'partial', 'failed']),
  }),
  z.strictObject({ type: z.literal('rollback-start'), at, pid: z.number().int().nonnegative() }),
  z.strictObject({ type: z.literal('rollback-before'), index, at, fingerprint }),
  z.strictObject({ type: z.literal('restored'), index, at }),
  z.strictObject({ type: z.literal('rollback-refused'), at, indexes: z.array(index) }),
  z.strictObject({ type: z.literal('rollback-failed'), index, at, error }),
  z.strictObject({ type: z.literal('rollback-end'), at, outcome: z.enum(['done', 'partial']) }),
]);

/** The shape of a before-image of this kind: what rollback may hand to the adapter. */
export function isImageOf(kind: OperationKind, image: unknown): boolean {
  return kindOf(kind).image.safeParse(image).success;
}

/** A journal that is not what apply wrote (exit 2), with what to do instead. */
export function journalCorrupt(path: string, what: string): WizardError {
  return badInput(
    'journal-corrupt',
    `The journal ${path} is damaged or was edited: ${what}. Nothing was written.`,
    'Restore the journal from a backup (journals are never edited by hand), or restore the targets by hand from the plan it was made from.',
  );
}
