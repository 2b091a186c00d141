/**
 * The Active Directory side of `writeback assess`: connects to a DC (TLS verified), reports the
 * Prerequisites and the state of the Permissions and Minimum password age steps, reads the
 * domain context once, streams the users in scope and turns the findings into checks and
 * blockers. Read-only.
 */
import { connectDirectory } from '../directory/connect';
import type { Directory } from '../directory/directory';
import type { Check } from '../../shared/checks';
import { isWizardError } from '../../shared/errors';
import {
  discoverForest,
  domainNamingContext,
  selectConnectorAccount,
  type ConnectorAccount as DiscoveredConnector,
  type ForestFacts,
} from '../directory/discover';
import {
  decidingGpoCheckName,
  defaultSysvolFolder,
  minPasswordAgeStep,
} from '../steps/min-password-age';
import { inspectConnectorRights, rightsChecks } from '../steps/permissions';
import { adPrerequisiteChecks, connectedView } from '../steps/prerequisites';
import type { AssessFindings, AssessProvider } from '../assess/assess-provider';
import { readDomainModel, type DomainModel } from '../domain/read-model';
import { ticksToDays } from '../domain/intervals';
import { verdictContext } from './verdict-context';
import { assessUsers, type ReadinessProgress, type ReadinessResult } from './assess-users';
import { afterPlanJudge, type PlannedDacls } from './after-plan';
import { readUsers } from './ldap-users';
import { scanStreams } from './scan-streams';
import { REASON_KINDS } from './reasons';
import { field } from '../../shared/fields';
import { timed, type PhaseListener } from '../platform/phases';

export interface AdConnectionOptions {
  /** ldaps://host[:port] or ldap://host[:port] (then StartTLS). */
  readonly dc: string;
  readonly bindUser: string;
  readonly password: string;
  /** PEM text of a CA to trust in addition to the system store. */
  readonly caPem?: string;
  /** A PEM file of a CA to trust in addition to the system store. */
  readonly caFile?: string;
  /** SHA-256 of the DC certificate, pinned instead of CA trust. */
  readonly tlsFingerprint?: string;
}

export interface AdAssessOptions extends AdConnectionOptions {
  /** The domain's SYSVOL folder (default on Windows: the domain's share): names the deciding GPO. */
  readonly sysvol?: string;
  /** Base DN of the domain; default: the DC's defaultNamingContext. */
  readonly baseDn?: string;
  /** Where to look for users (default: the whole domain). */
  readonly scopes?: readonly string[];
  readonly account?: string;
  readonly pageSize?: number;
  /**
   * Connections the user scan is split across (1 to 16); default: chosen by the domain's size
   * (scan-streams.ts). The report is the same whatever the number.
   */
  readonly streams?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadinessProgress) => void;
  /** Told how long each phase took (connect, domain model, rights, GPO, users): the bench's breakdown. */
  readonly onPhase?: PhaseListener;
}

/** What the provider learns while connecting, before the user scan. */
interface Connected {
  readonly directory: Directory;
  readonly forest: ForestFacts;
  readonly connector: DiscoveredConnector;
}

/**
 * Connects the one verified way (main/directory: LDAPS or StartTLS, the certificate checked,
 * one clear error per failure, an AD DC confirmed) and learns the forest and the connector
 * account (several candidates and none named: exit 2 with the list). The caller closes the
 * directory.
 */
async function connectAndDiscover(options: AdAssessOptions): Promise<Connected> {
  const directory = await connectDirectory({
    url: options.dc,
    bindUser: options.bindUser,
    password: options.password,
    ...(options.caPem !== undefined ? { caPem: options.caPem } : {}),
    ...(options.caFile !== undefined ? { caFile: options.caFile } : {}),
    ...(options.tlsFingerprint !== undefined ? { tlsFingerprint: options.tlsFingerprint } : {}),
  });
  try {
    const forest = await discoverForest(directory);
    const connector = await selectConnectorAccount(directory, options.account);
    return { directory, forest, connector };
  } catch (error) {
    await directory.close();
    throw error;
  }
}

/** The checks of the Active Directory side, from the domain model and the scan. */
export function readinessChecks(model: DomainModel, result: ReadinessResult): Check[] {
  const { summary } = result;
  const checks: Check[] = [];
  const domainAge = model.policy.domainMinimumAge;
  const domainDays = ticksToDays(domainAge.ticks);
  const psoList = model.policy.psos.map(({ pso, minimumAge }) => ({
    name: pso.name,
    days: ticksToDays(minimumAge.ticks),
  }));
  checks.push({
    id: 'ad.min-password-age',
    title: 'Minimum password age (domain policy)',
    status: domainDays > 0 ? 'fail' : 'pass',
    message:
      domainDays > 0
        ? `The domain's minimum password age is ${domainDays} day(s): a second reset within that time is refused (event 33008).`
        : 'The domain minimum password age is 0: resets are not refused by age.',
    fix: domainDays > 0 ? domainAge.fix : '',
    details: { days: domainDays },
  });
  const agedPsos = psoList.filter((p) => p.days > 0);
  checks.push({
    id: 'ad.pso-min-password-age',
    title: 'Minimum password age (fine-grained password policies)',
    status: agedPsos.length > 0 ? 'fail' : 'pass',
    message:
      agedPsos.length > 0
        ? `PSOs with a minimum password age override the domain policy for their users: ${agedPsos.map((p) => `${p.name} (${p.days} day(s))`).join(', ')}.`
        : `No PSO sets a minimum password age (${psoList.length} PSO(s) read).`,
    fix:
      agedPsos.length > 0
        ? `Set msDS-MinimumPasswordAge to 0 on these PSOs (Minimum password age step: plan ${field('psos', 'all')}).`
        : '',
    details: { psos: psoList },
  });
  const byReason = summary.usersByReason;
  const blockers = REASON_KINDS.filter(
    (k) => k.severity === 'blocker' && (byReason[k.code] ?? 0) > 0,
  );
  checks.push({
    id: 'ad.user-readiness',
    title: 'Per-user readiness',
    status: summary.blockedUsers > 0 ? 'fail' : summary.warnedUsers > 0 ? 'warn' : 'pass',
    message:
      summary.blockedUsers > 0
        ? `Writeback would fail today for ${summary.blockedUsers} of ${summary.usersScanned} users: ${blockers.map((k) => `${k.label} ${byReason[k.code]}`).join(', ')}.`
        : `Writeback would work for all ${summary.usersScanned} users in scope${summary.warnedUsers > 0 ? `; ${summary.warnedUsers} have warnings` : ''}.`,
    fix: summary.blockedUsers > 0 ? 'See the blockers: each lists its cause and fix.' : '',
    details: { ...summary, connector: model.connector.sAMAccountName },
  });
  if (summary.unreadableDacls > 0) {
    checks.push({
      id: 'ad.user-dacls-readable',
      title: 'User permissions readable',
      status: 'unknown',
      message: `The permissions (DACL) of ${summary.unreadableDacls} users could not be read, so whether the connector may reset them was not judged.`,
      fix: 'Run the assessment as an account that can read permissions on user objects (Read permissions), e.g. a member of Domain Admins or a delegated auditor.',
      details: { users: summary.unreadableDacls },
    });
  }
  return checks;
}

/**
 * The Active Directory provider for runAssessment: connects, then reports the Prerequisites
 * (connection, forest level, DCs, connector account), the state of the Permissions step (the
 * connector's rights on each scope), with --sysvol the GPO that decides the minimum password
 * age, and the per-user readiness from one streaming pass; then unbinds.
 */
export function adAssessProvider(options: AdAssessOptions): AssessProvider {
  return {
    name: 'ad',
    title: 'Active Directory',
    async assess() {
      const phase = <T>(name: string, work: () => Promise<T>): Promise<T> =>
        timed(options.onPhase, name, work);
      const { directory, forest, connector } = await phase('connect and discover', () =>
        connectAndDiscover(options),
      );
      try {
        const baseDn = options.baseDn ?? forest.defaultNamingContext;
        // The same account for every check, whichever way the admin named it.
        const account = connector.dn;
        const prerequisites = adPrerequisiteChecks(
          connectedView(forest, {
            url: options.dc,
            bindUser: options.bindUser,
            pinned: options.tlsFingerprint !== undefined,
          }),
          connector,
          1,
        );
        // The domain read once, shared by the rights checks and the user scan.
        const model = await phase('read model', () =>
          readDomainModel(directory, {
            account,
            baseDn,
            ...(options.signal ? { signal: options.signal } : {}),
            ...(options.onPhase ? { onPhase: options.onPhase } : {}),
          }),
        );
        const rights = await phase('rights', () =>
          inspectConnectorRights(directory, {
            account,
            model,
            ...(options.scopes?.length ? { scopes: options.scopes } : {}),
          }),
        );
        const sysvol = options.sysvol ?? defaultSysvolFolder(baseDn);
        const policy =
          sysvol === undefined
            ? [noSysvolCheck]
            : await phase('deciding GPO', () => decidingGpoCheck(directory, baseDn, sysvol));
        const readiness = await phase('users', () =>
          assessDirectoryReadiness(directory, { ...options, baseDn, account, model }),
        );
        return {
          ...readiness,
          checks: [
            ...prerequisites,
            ...rightsChecks(rights.scopes, rights.grantee),
            ...policy,
            ...readiness.checks,
          ],
        };
      } finally {
        await directory.close();
      }
    },
  };
}

/**
 * Without a SYSVOL folder (none given, and no default off Windows) the deciding GPO is not read:
 * said as an unknown check, so a report never looks complete without it.
 */
const noSysvolCheck: Check = {
  ...decidingGpoCheckName,
  status: 'unknown',
  message:
    "Which GPO decides the minimum password age was not checked: no SYSVOL folder was given, and there is no default off Windows (on Windows it is the domain's own SYSVOL share).",
  fix: `Give ${field('sysvol')} the domain's SYSVOL folder, the one that holds Policies (for example \\\\<domain>\\SYSVOL\\<domain>, or a copy or mount of it).`,
  details: { errorCode: 'sysvol-not-given' },
};

/**
 * The Minimum password age step's own check (which GPO decides it, read from SYSVOL). A SYSVOL
 * that cannot be read costs this one check, not the assessment: it is reported as unknown.
 */
async function decidingGpoCheck(
  directory: Directory,
  baseDn: string,
  sysvol: string,
): Promise<Check[]> {
  try {
    const inspection = await minPasswordAgeStep.inspect({ directory, baseDn, sysvol, psos: [] });
    return [...inspection.checks];
  } catch (error) {
    if (!isWizardError(error)) throw error;
    return [
      {
        ...decidingGpoCheckName,
        status: 'unknown',
        message: `The GPO that decides it was not read: ${error.message}`,
        fix: error.fix,
        details: { errorCode: error.code },
      },
    ];
  }
}

/**
 * The assessment over a connection the caller holds (the desktop app keeps one per session):
 * the domain context once, then one streaming pass over the users in scope.
 */
export async function assessDirectoryReadiness(
  directory: Directory,
  options: Omit<AdAssessOptions, keyof AdConnectionOptions> & {
    /** The DC's address, when known: one on this computer gets one stream by default. */
    readonly dc?: string;
    /** The domain model when the caller has read it already. */
    readonly model?: DomainModel;
    /**
     * The DACLs a plan will write (plannedDacls of its operations): every user is judged a
     * second time, in the same pass, as it will stand once they are written (facts.ad.afterPlan).
     */
    readonly planned?: PlannedDacls;
  },
): Promise<AssessFindings> {
  const baseDn = options.baseDn ?? (await domainNamingContext(directory));
  const model =
    options.model ??
    (await readDomainModel(directory, {
      baseDn,
      ...(options.account !== undefined ? { account: options.account } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }));
  const scopes = options.scopes && options.scopes.length > 0 ? options.scopes : [baseDn];
  const streams = await scanStreams(directory, model.domain.dn, options.streams, options.dc);
  const result = await assessUsers(
    (async function* () {
      for (const scope of scopes)
        yield* readUsers(directory, scope, {
          pageSize: options.pageSize,
          signal: options.signal,
          streams,
        });
    })(),
    verdictContext(model, { grantScopes: scopes }),
    {
      signal: options.signal,
      onProgress: options.onProgress,
      scopes,
      ...(options.planned ? { afterPlan: afterPlanJudge(model, options.planned) } : {}),
    },
  );
  return {
    checks: readinessChecks(model, result),
    blockers: result.blockers,
    facts: {
      connector: { dn: model.connector.dn, sAMAccountName: model.connector.sAMAccountName },
      readiness: result.summary,
      warnings: result.warnings,
      warningsNotListed: result.warningsNotListed,
      ...(result.afterPlan
        ? {
            afterPlan: {
              readiness: result.afterPlan.summary,
              blockers: result.afterPlan.blockers,
              warnings: result.afterPlan.warnings,
            },
          }
        : {}),
    },
  };
}
