/**
 * One plan over several directories (`writeback plan --directories`), as a Connect server that
 * syncs several forests needs: the steps of make-plan.ts run once per directory, each over its
 * own connection and SYSVOL, for its own connector account (the one the directories file names,
 * else the MSOL_ account discovered in that forest) and scopes; the Connect server's step runs
 * once. Every operation and note of a directory names it (forest and domain), and the plan lists
 * each directory with the DC, domain and SYSVOL it was read from, so apply writes each operation
 * in its own domain and the plan engine judges each directory's operations as a one-domain plan.
 */
import { dnsNameOfDomainDn } from '../../shared/dn';
import { ExitCode, isWizardError, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import {
  planFormatVersion,
  type Operation,
  type Plan,
  type PlanDirectory,
  type PlanNote,
  type PlannableStep,
} from '../../shared/plan';
import { describeLocation, type PowerShellRunner } from '../adsync/powershell-runner';
import type { Directory } from '../directory/directory';
import { text } from '../directory/entry';
import { validatePlan } from '../plan/step-api';
import { planSources, planSteps } from './make-plan';
import type { PermissionsOptions } from './permissions';
import type { PlanChoices } from './registry';

/** One directory of the run, as the directories file gives it. */
export interface DirectoryToPlan {
  /** The forest's DNS name, as the directories file names it. */
  readonly forest: string;
  /** Where it is read from, recorded in the plan (no credentials). */
  readonly dc: string;
  /** Opens its connection on first need (closed by the caller). */
  readonly directory: () => Promise<Directory>;
  readonly sysvol?: string;
  /** Its connector account and scopes, over the run's other Permissions choices. */
  readonly permissions?: Pick<PermissionsOptions, 'account' | 'scopes' | 'onProgress'>;
}

export interface MakeDirectoriesPlanOptions extends PlanChoices {
  readonly steps: readonly PlannableStep[];
  readonly directories: readonly DirectoryToPlan[];
  /** The ADSync PowerShell runner (optional-features), undefined for none. */
  readonly adsync?: PowerShellRunner;
}

/** The steps that read a directory; optional-features reads the Connect server. */
const directorySteps = (steps: readonly PlannableStep[]) =>
  steps.filter((step) => step !== 'optional-features');

export async function makeDirectoriesPlan(options: MakeDirectoriesPlanOptions): Promise<Plan> {
  const operations: Operation[] = [];
  const notes: PlanNote[] = [];
  if (options.steps.includes('optional-features')) {
    const connectServer = await planSteps(
      ['optional-features'],
      planSources({ ...options, steps: ['optional-features'] }),
    );
    operations.push(...connectServer.operations);
    notes.push(...connectServer.notes);
  }
  const listed: PlanDirectory[] = [];
  const steps = directorySteps(options.steps);
  for (const directory of steps.length > 0 ? options.directories : []) {
    const one = await planDirectory(directory, steps, options).catch((error: unknown) => {
      throw inDirectory(directory.forest, error);
    });
    listed.push(one.listed);
    operations.push(...one.operations);
    notes.push(...one.notes);
  }
  return validatePlan({
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: {
      ...(options.adsync && options.steps.includes('optional-features')
        ? { adsync: describeLocation(options.adsync.location) }
        : {}),
      ...(listed.length > 0 ? { directories: listed } : {}),
    },
    steps: [...options.steps],
    operations,
    notes,
  });
}

/** One directory's operations and notes, each naming it, and how the plan lists it. */
async function planDirectory(
  directory: DirectoryToPlan,
  steps: readonly PlannableStep[],
  options: MakeDirectoriesPlanOptions,
): Promise<{ listed: PlanDirectory; operations: Operation[]; notes: PlanNote[] }> {
  const forest = directory.forest.toLowerCase();
  let connected: Directory | undefined;
  const open = async () => {
    connected ??= await directory.directory();
    await checkForest(connected, forest, directory.dc);
    return connected;
  };
  const sources = planSources({
    ...options,
    steps,
    directory: open,
    ...(directory.sysvol ? { sysvol: directory.sysvol } : {}),
    // The directories file's account and scopes are this directory's own (the run's flags give none).
    permissions: { ...options.permissions, ...directory.permissions },
  });
  const planned = await planSteps(steps, sources);
  const baseDn = (await sources.domain()).baseDn;
  const tag = { forest, domain: dnsNameOfDomainDn(baseDn) ?? forest };
  return {
    listed: {
      ...tag,
      dc: directory.dc,
      baseDn,
      ...(sources.used.sysvol ? { sysvol: sources.used.sysvol } : {}),
    },
    operations: planned.operations.map((operation) => ({ ...operation, directory: tag })),
    notes: planned.notes.map((note) => ({ ...note, directory: tag })),
  };
}

/** The DC is in the forest the directories file names for it, or the plan would mislabel it. */
async function checkForest(directory: Directory, forest: string, dc: string): Promise<void> {
  const root = text(await directory.rootDse(), 'rootDomainNamingContext');
  const actual = root ? dnsNameOfDomainDn(root) : undefined;
  if (actual !== undefined && actual !== forest) {
    throw new WizardError(
      'directory-forest-mismatch',
      `The directories file names ${dc} for the forest ${forest}, but that DC is in the forest ${actual}.`,
      `Fix the entry's forest or ${field('dc')} in the directories file.`,
      ExitCode.usage,
    );
  }
}

/** An error met in one directory says which, so the admin knows which forest to fix. */
function inDirectory(forest: string, error: unknown): unknown {
  if (!isWizardError(error)) return error;
  return new WizardError(error.code, `${forest}: ${error.message}`, error.fix, error.exitCode, {
    cause: error,
  });
}
