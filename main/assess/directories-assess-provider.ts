/**
 * The Active Directory side of one assessment over several forests (`assess --directories`, as
 * the Connect server syncs them): each forest is assessed by the AD provider on its own
 * connection, as its own connector account, one after the other, and every check and user is
 * tagged with its directory (forest and domain). A forest that cannot be reached is an unknown
 * check of that directory; the others are still assessed.
 */
import type { Blocker, Check, DirectoryTag } from '../../shared/checks';
import { domainDnsNameOfDn } from '../../shared/dn';
import { ExitCode } from '../../shared/errors';
import { adAssessProvider, type AdAssessOptions } from '../readiness/ad-assess-provider';
import {
  exitCodeOf,
  notAssessedCheck,
  worseExit,
  type AssessFindings,
  type AssessProvider,
} from './assess-provider';
import { wholeReadiness, type DirectoryFacts } from './directory-summaries';

/** One forest to assess: its name (as the directories file gives it) and how to read it. */
export interface DirectoryToAssess {
  readonly forest: string;
  readonly options: AdAssessOptions;
}

/** What the AD provider's facts hold that this module reads (its public document). */
interface AdFacts {
  readonly connector?: DirectoryFacts['connector'];
  readonly readiness?: DirectoryFacts['readiness'] & { readonly scopes?: readonly string[] };
  readonly warnings?: readonly Blocker[];
  readonly warningsNotListed?: number;
}

interface OneDirectory {
  readonly checks: readonly Check[];
  readonly blockers: readonly Blocker[];
  readonly warnings: readonly Blocker[];
  readonly warningsNotListed: number;
  readonly facts: DirectoryFacts;
  readonly exitCode: ExitCode;
}

/** Each user in the domain its DN says, each check in the domain the scan covered. */
function tagUsers(users: readonly Blocker[], forest: string, domain: string): Blocker[] {
  return users.map((user) => ({
    ...user,
    directory: { forest, domain: domainDnsNameOfDn(user.dn) ?? domain },
  }));
}

async function assessOne(directory: DirectoryToAssess): Promise<OneDirectory> {
  const forest = directory.forest.toLowerCase();
  const dc = directory.options.dc;
  try {
    const found = await adAssessProvider(directory.options).assess();
    const facts = (found.facts ?? {}) as AdFacts;
    const scope = facts.readiness?.scopes?.[0] ?? directory.options.baseDn;
    const tag: DirectoryTag = {
      forest,
      domain: (scope && domainDnsNameOfDn(scope)) || forest,
    };
    return {
      checks: found.checks.map((check) => ({ ...check, directory: tag })),
      blockers: tagUsers(found.blockers, forest, tag.domain),
      warnings: tagUsers(facts.warnings ?? [], forest, tag.domain),
      warningsNotListed: facts.warningsNotListed ?? 0,
      facts: {
        ...tag,
        dc,
        ...(facts.connector ? { connector: facts.connector } : {}),
        ...(facts.readiness ? { readiness: readinessCounts(facts.readiness) } : {}),
      },
      exitCode: ExitCode.done,
    };
  } catch (error) {
    // The directory is known only by the file's forest name until it is read.
    const tag: DirectoryTag = { forest, domain: forest };
    const title = `Active Directory (${forest})`;
    return {
      checks: [{ ...notAssessedCheck({ name: 'ad', title }, error), directory: tag }],
      blockers: [],
      warnings: [],
      warningsNotListed: 0,
      facts: { ...tag, dc },
      exitCode: exitCodeOf(error),
    };
  }
}

/** The counts of a scan, without its timings (they differ from run to run). */
function readinessCounts(readiness: NonNullable<AdFacts['readiness']>) {
  const { usersScanned, blockedUsers, warnedUsers, usersByReason } = readiness;
  return { usersScanned, blockedUsers, warnedUsers, usersByReason };
}

/**
 * The provider for runAssessment: named `ad`, as the one-forest provider is, so the reports read
 * its facts the same way (`facts.ad.readiness` and `facts.ad.warnings` are the whole run's), with
 * `facts.ad.directories` the per-directory facts the summaries are made from.
 */
export function directoriesAssessProvider(
  directories: readonly DirectoryToAssess[],
): AssessProvider {
  return {
    name: 'ad',
    title: 'Active Directory',
    async assess(): Promise<AssessFindings> {
      const each: OneDirectory[] = [];
      for (const directory of directories) each.push(await assessOne(directory));
      const perDirectory = each.map((one) => one.facts);
      return {
        checks: each.flatMap((one) => one.checks),
        blockers: each.flatMap((one) => one.blockers),
        facts: {
          directories: perDirectory,
          readiness: wholeReadiness(perDirectory),
          warnings: each.flatMap((one) => one.warnings),
          warningsNotListed: each.reduce((n, one) => n + one.warningsNotListed, 0),
        },
        exitCode: each.reduce<ExitCode>(
          (code, one) => worseExit(code, one.exitCode),
          ExitCode.done,
        ),
      };
    },
  };
}
