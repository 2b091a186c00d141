/**
 * Plan files: written as plain JSON, read back only after they validate. A plan that does not
 * parse, has another formatVersion, or whose operations do not agree with their own
 * fingerprints or targets is refused (exit 2), naming the operation index and the field.
 */
import { fileProblem } from '../platform/file-problem';
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { badInput } from '../../shared/errors';
import {
  describeTarget,
  planFormatVersion,
  planSchema,
  targetKey,
  type Operation,
  type Plan,
} from '../../shared/plan';
import { afterFingerprint, beforeFingerprint } from './fingerprint';
import { writeFileAtomic } from '../sysvol/atomic-write';
import { kindOf } from '../operations/registry';
import { planMeaning } from './plan-meaning';
import { checkPlanDirectories } from './plan-directories';

export async function writePlanFile(path: string, plan: Plan): Promise<void> {
  await writeFileAtomic(path, Buffer.from(JSON.stringify(plan, null, 2) + '\n', 'utf8'));
}

export async function readPlanFile(path: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw badInput(
      'plan-unreadable',
      `Cannot read the plan file ${path}: ${fileProblem(error)}.`,
      'Check the path, or make a new plan with: writeback plan --out plan.json',
      error,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw badInput(
      'plan-not-json',
      `The plan file ${path} is not JSON: ${(error as Error).message}.`,
      'Make a new plan with: writeback plan --out plan.json (do not edit plan files by hand).',
      error,
    );
  }
  return validatePlan(json, path);
}

/** Validates a plan (from a file, or from the app over IPC). */
export function validatePlan(json: unknown, source = 'the plan'): Plan {
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (json !== null && typeof json === 'object' && version !== planFormatVersion) {
    throw badInput(
      'plan-wrong-version',
      `${source} has formatVersion ${JSON.stringify(version)}; this Writeback Wizard reads version ${planFormatVersion}.`,
      'Make the plan again with this version of writeback: writeback plan --out plan.json',
    );
  }
  const parsed = planSchema.safeParse(json);
  if (!parsed.success) {
    throw badInput(
      'plan-invalid',
      `${source} is not a valid plan: ${describeIssue(parsed.error.issues[0]!)}.`,
      'Plans must not be edited by hand: make a new one with writeback plan --out plan.json',
    );
  }
  const plan = parsed.data;
  const seen = new Map<string, number>();
  plan.operations.forEach((operation, index) => {
    checkOperation(operation, index, source);
    const key = targetKey(operation);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw badInput(
        'plan-duplicate-target',
        `${source}: operations ${earlier} and ${index} both change ${describeTarget(operation)}.`,
        'Make a new plan with writeback plan --out plan.json.',
      );
    }
    seen.set(key, index);
  });
  checkPlanDirectories(plan, source);
  // Consistent is not enough: the plan must also do only what a writeback plan does.
  planMeaning(plan, source);
  return plan;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String);
  const at =
    path[0] === 'operations' && path.length > 1
      ? `operation ${path[1]}${path.length > 2 ? `, field ${path.slice(2).join('.')}` : ''}`
      : path.length > 0
        ? `field ${path.join('.')}`
        : 'the document';
  const message =
    issue.code === 'unrecognized_keys'
      ? `unexpected field ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (plans carry no secrets or extra data)`
      : issue.message;
  return `${at}: ${message}`;
}

/** The operation agrees with itself: hashes match images, the target is what the kind says. */
function checkOperation(operation: Operation, index: number, source: string): void {
  const refuse = (field: string, what: string): never => {
    throw badInput(
      'plan-tampered',
      `${source}: operation ${index} (${describeTarget(operation)}), field ${field}: ${what}.`,
      'The plan was edited after it was made. Make a new one with writeback plan --out plan.json.',
    );
  };
  if (beforeFingerprint(operation) !== operation.fingerprint) {
    refuse('before', 'does not match the fingerprint it was computed with');
  }
  if (afterFingerprint(operation) !== operation.afterFingerprint) {
    refuse('after', 'does not match afterFingerprint');
  }
  kindOf(operation).checkConsistency(operation, refuse);
  if (operation.fingerprint === operation.afterFingerprint) {
    refuse('after', 'is the same as before (an operation must change something)');
  }
}
