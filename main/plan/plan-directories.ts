/**
 * A plan over several directories (`plan --directories`): `source.directories` lists each
 * forest and domain it read, and every operation and note of a directory names its own. This
 * module checks that the plan agrees with itself on that (an operation names a directory the plan
 * lists, a Connect server setting names none, a domain is its naming context's DNS name), and
 * cuts the plan into one plan per directory, each with that directory's DC, domain and SYSVOL as
 * its source: what a one-domain plan is, so each kind judges a directory's operations exactly as
 * it judges a one-domain plan's (plan-meaning.ts).
 */
import { badInput, ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import { dnsNameOfDomainDn } from '../../shared/dn';
import {
  describeTarget,
  type Operation,
  type OperationKind,
  type Plan,
  type PlanDirectory,
  type PlanDirectoryTag,
} from '../../shared/plan';
import type { OperationKindModule, TargetAdapter } from '../operations/kind';
import { kindOf, operationKindModules, type TargetAdapters } from '../operations/registry';

/** `fabrikam.com/emea.fabrikam.com`: one spelling per directory, for maps and messages. */
export function directoryKey(tag: PlanDirectoryTag): string {
  return `${tag.forest}/${tag.domain}`;
}

/** How the admin reads a directory: the domain, and its forest when that is another name. */
export function directoryLabel(tag: PlanDirectoryTag): string {
  return tag.forest === tag.domain ? tag.domain : `${tag.domain} (forest ${tag.forest})`;
}

/** Whether operations of this kind are written in a directory (AD or its SYSVOL). */
export function isInDirectory(operation: Operation): boolean {
  return kindOf(operation).reaches !== 'connect-server';
}

/** One directory's part of a plan: a plan of its own, and where its operations were. */
export interface DirectoryPart {
  readonly directory?: PlanDirectory;
  readonly plan: Plan;
  /** The index in the whole plan of each of this part's operations. */
  readonly indexes: readonly number[];
}

function refuser(source: string) {
  return (what: string): never => {
    throw badInput(
      'plan-directories-invalid',
      `${source}: ${what}.`,
      `Plans must not be edited by hand: make a new one with writeback plan ${field('directories', '<file>')} ${field('out', 'plan.json')}`,
    );
  };
}

/** The plan's directories agree with its operations and notes (called by validatePlan). */
export function checkPlanDirectories(plan: Plan, source = 'the plan'): void {
  const refuse = refuser(source);
  const listed = new Set<string>();
  for (const directory of plan.source.directories ?? []) {
    const key = directoryKey(directory);
    if (listed.has(key)) refuse(`lists the directory ${key} twice`);
    listed.add(key);
    if (dnsNameOfDomainDn(directory.baseDn) !== directory.domain) {
      refuse(`names the domain ${directory.domain} with the naming context ${directory.baseDn}`);
    }
  }
  const several = plan.source.directories !== undefined;
  if (several && (plan.source.dc || plan.source.baseDn || plan.source.sysvol)) {
    refuse('lists directories and also one DC, domain or SYSVOL for the whole plan');
  }
  plan.operations.forEach((operation, index) => {
    const at = `operation ${index} (${describeTarget(operation)})`;
    if (!several) {
      if (operation.directory) refuse(`${at} names a directory, but the plan lists none`);
    } else if (!isInDirectory(operation)) {
      if (operation.directory) refuse(`${at} is a Connect server setting but names a directory`);
    } else if (!operation.directory) {
      refuse(`${at} names no directory, but the plan covers several`);
    } else if (!listed.has(directoryKey(operation.directory))) {
      refuse(
        `${at} names the directory ${directoryKey(operation.directory)}, which the plan does not list`,
      );
    }
  });
  plan.notes.forEach((note, index) => {
    if (note.directory && !listed.has(directoryKey(note.directory))) {
      refuse(`note ${index} names a directory the plan does not list`);
    }
  });
}

/**
 * The plan cut by directory: a one-domain plan is one part; a plan over several is one part per
 * directory it lists (its own dc, baseDn and sysvol as source) and one for the Connect server's
 * settings. Every part keeps the plan's steps and ADSync location.
 */
export function directoryParts(plan: Plan): DirectoryPart[] {
  const directories = plan.source.directories;
  if (!directories) {
    return [{ plan, indexes: plan.operations.map((_, index) => index) }];
  }
  const adsync = plan.source.adsync ? { adsync: plan.source.adsync } : {};
  const part = (directory: PlanDirectory | undefined): DirectoryPart => {
    const indexes = plan.operations.flatMap((operation, index) =>
      (operation.directory ? directoryKey(operation.directory) : undefined) ===
      (directory ? directoryKey(directory) : undefined)
        ? [index]
        : [],
    );
    const source = directory
      ? {
          dc: directory.dc,
          baseDn: directory.baseDn,
          ...(directory.sysvol ? { sysvol: directory.sysvol } : {}),
          ...adsync,
        }
      : adsync;
    return {
      ...(directory ? { directory } : {}),
      plan: {
        ...plan,
        source,
        operations: indexes.map((index) => plan.operations[index]!),
        notes: [],
      },
      indexes,
    };
  };
  return [...directories.map(part), part(undefined)].filter((p) => p.indexes.length > 0);
}

/**
 * The adapters of a run over several directories: an operation written in a directory goes
 * through that directory's own adapters (its connection, its domain's PDC emulator), a Connect
 * server setting through the run's. An operation of a directory the run has no connection to is
 * refused when its target is first read, before anything is written (the faces refuse it
 * earlier still, naming the directories file to fix).
 */
export function adaptersByDirectory(
  ofDirectory: (tag: PlanDirectoryTag) => TargetAdapters | undefined,
  connectServer: TargetAdapters,
): TargetAdapters {
  const adapters: Partial<Record<OperationKind, TargetAdapter<OperationKind>>> = {};
  for (const module of Object.values(
    operationKindModules,
  ) as OperationKindModule<OperationKind>[]) {
    const { kind } = module;
    if (module.reaches === 'connect-server') {
      if (connectServer[kind]) adapters[kind] = connectServer[kind] as TargetAdapter<OperationKind>;
      continue;
    }
    const pick = (operation: Operation): TargetAdapter<OperationKind> => {
      const tag = operation.directory;
      const adapter = tag ? ofDirectory(tag)?.[kind] : undefined;
      if (!adapter) throw notReached(operation, tag);
      return adapter as TargetAdapter<OperationKind>;
    };
    adapters[kind] = {
      kind,
      read: (operation) => pick(operation).read(operation),
      write: (operation, image, direction) => pick(operation).write(operation, image, direction),
      matches(operation, actual, intended) {
        const adapter = pick(operation);
        return adapter.matches
          ? adapter.matches(operation, actual, intended)
          : module.fingerprint(actual) === module.fingerprint(intended);
      },
    };
  }
  return adapters as TargetAdapters;
}

function notReached(operation: Operation, tag: PlanDirectoryTag | undefined): WizardError {
  return new WizardError(
    'directory-not-given',
    tag
      ? `The plan changes ${describeTarget(operation)} in ${directoryLabel(tag)}, but this run has no connection to that directory. Nothing was written.`
      : `The plan changes ${describeTarget(operation)} without naming its directory, and this run works over several. Nothing was written.`,
    tag
      ? `Give ${field('directories')} an entry for the forest ${tag.forest} (its DC, bind account and password), and run again.`
      : `This plan was made for one domain: run again with ${field('dc')} instead of the directories file.`,
    ExitCode.usage,
  );
}
