/**
 * Composes a plan from the chosen steps: each step inspects and plans in the wizard's
 * order, over one directory connection the caller holds. Shared by `writeback plan` and the
 * desktop app's `plan.make`, so both produce the same operations from the same state.
 */
import { badInput } from '../../shared/errors';
import {
  planFormatVersion,
  type Operation,
  type Plan,
  type PlanNote,
  type PlannableStep,
} from '../../shared/plan';
import { describeLocation, type PowerShellRunner } from '../adsync/powershell-runner';
import { minPasswordAgeStep } from '../steps/min-password-age';
import { defaultSysvolFolder } from '../steps/min-password-age/sysvol-folder';
import { optionalFeaturesStep } from '../steps/optional-features';
import { createPermissionsStep } from '../steps/permissions';
import type { PermissionsOptions } from '../steps/permissions/permissions-step';
import type { Directory } from '../directory/directory';
import { domainNamingContext } from '../directory/discover';
import { text } from '../directory/entry';
import { validatePlan } from './plan-file';
import { field } from '../../shared/fields';

export interface MakePlanOptions {
  readonly steps: readonly PlannableStep[];
  /** Opens the directory connection on first need (the CLI connects lazily; the app has one). */
  readonly directory?: () => Promise<Directory>;
  /** Where it was computed from, recorded in the plan (no credentials). */
  readonly dc?: string;
  readonly sysvol?: string;
  /** PSOs to set to 0 (min-password-age): their names, or 'all'. */
  readonly psos?: readonly string[] | 'all';
  readonly permissions?: PermissionsOptions;
  /** The ADSync PowerShell runner (optional-features), undefined for none. */
  readonly adsync?: PowerShellRunner;
  readonly syncForcePasswordChange?: boolean;
}

export async function makePlan(options: MakePlanOptions): Promise<Plan> {
  const operations: Operation[] = [];
  const notes: PlanNote[] = [];
  let connected: Directory | undefined;
  let baseDn: string | undefined;
  // --sysvol, else (on Windows) the domain's own share; recorded in the plan as used.
  let sysvol = options.sysvol;
  const directory = async (): Promise<Directory> => {
    if (!options.directory) {
      throw badInput(
        'dc-missing',
        'This step needs the directory, but no DC was given.',
        `Give ${field('dc', 'ldaps://<dc>')} and ${field('bindUser', '<upn>')}.`,
      );
    }
    connected ??= await options.directory();
    baseDn ??= await domainNamingContext(connected);
    return connected;
  };
  for (const step of options.steps) {
    if (step === 'optional-features') {
      const stepOptions = {
        runner: options.adsync,
        syncForcePasswordChange: options.syncForcePasswordChange ?? false,
      };
      const result = optionalFeaturesStep.plan(
        await optionalFeaturesStep.inspect(stepOptions),
        stepOptions,
      );
      operations.push(...result.operations);
      notes.push(...result.notes);
    } else if (step === 'permissions') {
      const step = createPermissionsStep(await directory());
      const stepOptions = options.permissions ?? {};
      const result = step.plan(await step.inspect(stepOptions), stepOptions);
      operations.push(...result.operations);
      notes.push(...result.notes);
      const others = await otherDomains(await directory(), baseDn!);
      if (others.length > 0) {
        notes.push({
          step: 'permissions',
          level: 'warning',
          message: `This forest has ${others.length + 1} domains; this plan covers ${baseDn} only. The connector needs the same rights in every domain it synchronizes: plan again against a DC of each of the others.`,
          commands: others.map(
            (d) =>
              `writeback plan --steps permissions --dc ldaps://${d.dnsRoot} --bind-user <admin of ${d.dnsRoot}> --out permissions-${d.dnsRoot}.json`,
          ),
        });
      }
    } else if (step === 'min-password-age') {
      await directory();
      sysvol ??= defaultSysvolFolder(baseDn!);
      if (!sysvol) {
        throw badInput(
          'sysvol-missing',
          'The min-password-age step needs the SYSVOL folder.',
          `Give ${field('sysvol')}: the folder holding Policies, for example a mount of \\\\<domain>\\SYSVOL\\<domain>.`,
        );
      }
      const stepOptions = {
        directory: await directory(),
        baseDn: baseDn!,
        sysvol,
        psos: options.psos ?? [],
      };
      const result = minPasswordAgeStep.plan(
        await minPasswordAgeStep.inspect(stepOptions),
        stepOptions,
      );
      operations.push(...result.operations);
      notes.push(...result.notes);
    }
  }
  return validatePlan({
    formatVersion: planFormatVersion,
    createdAt: new Date().toISOString(),
    source: {
      ...(options.dc ? { dc: options.dc } : {}),
      ...(baseDn ? { baseDn } : {}),
      ...(sysvol ? { sysvol } : {}),
      ...(options.adsync && options.steps.includes('optional-features')
        ? { adsync: describeLocation(options.adsync.location) }
        : {}),
    },
    steps: [...options.steps],
    operations,
    notes,
  });
}

/**
 * The forest's other domains, from their crossRef objects (MS-ADTS 6.1.1.2.1.1.5:
 * SYSTEM_FLAG_CR_NTDS_DOMAIN), so a plan made on one domain says what it does not cover.
 */
export async function otherDomains(
  directory: Directory,
  baseDn: string,
): Promise<{ nc: string; dnsRoot: string }[]> {
  const config = text(await directory.rootDse(), 'configurationNamingContext');
  if (config === undefined) return [];
  const domains: { nc: string; dnsRoot: string }[] = [];
  for await (const entry of directory.search(`CN=Partitions,${config}`, {
    scope: 'one',
    filter: '(&(objectClass=crossRef)(systemFlags:1.2.840.113556.1.4.803:=2))',
    attributes: ['nCName', 'dnsRoot'],
  })) {
    const domain = { nc: String(text(entry, 'nCName')), dnsRoot: String(text(entry, 'dnsRoot')) };
    if (domain.nc.toLowerCase() !== baseDn.toLowerCase()) domains.push(domain);
  }
  return domains;
}
