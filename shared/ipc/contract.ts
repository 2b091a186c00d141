/**
 * The desktop app's IPC contract: one channel per operation, each with the zod schema
 * its payload must pass in main and the type of its result. The preload exposes one typed
 * function per channel, the dev bridge one POST route per channel; both end in the same
 * dispatcher (main/engine-api), so a payload is validated in exactly one place.
 *
 * Nothing here carries a secret back to the renderer: the DC password goes in once with
 * `directory.connect` and stays in main; Graph tokens never leave main at all.
 */
import { z } from 'zod';
import type { Blocker, CauseCount, Check } from '../checks';
import type { ErrorInfo } from '../errors';
import type { Plan } from '../plan';
import type { Channel } from './channels';

/** Every result: the value, or an error an admin can act on (never a stack). */
export type IpcResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

const text = (max: number) => z.string().trim().min(1).max(max);
const none = z.strictObject({});

export const connectInput = z.strictObject({
  /** ldaps://host[:port], or ldap://host[:port] with StartTLS. */
  url: text(500).regex(
    /^ldaps?:\/\/[^\s/]+\/?$/i,
    'must be ldaps://host[:port] or ldap://host[:port]',
  ),
  bindUser: text(500),
  password: z.string().min(1).max(1024),
  /** PEM of a CA to trust besides the system store. */
  caPem: z.string().max(65536).optional(),
  /** sha256 of the DC certificate, pinned instead of CA trust. */
  tlsFingerprint: z
    .string()
    .regex(/^([0-9a-f]{2}:?){31}[0-9a-f]{2}$/i, 'must be a sha256 in hex (colons allowed)')
    .optional(),
});

export const entraSignInInput = z.strictObject({
  cloud: z.enum(['global', 'usgov', 'usgov-dod', 'china']),
  /** Tenant id or verified domain; any work account's tenant when absent. */
  tenant: text(256)
    .regex(/^[A-Za-z0-9.-]+$/, 'must be a tenant id or a domain name')
    .optional(),
  /** Sign in with a code on another device instead of this machine's browser. */
  deviceCode: z.boolean(),
});

export const chooseConnectorInput = z.strictObject({ dn: text(2000) });

export const assessInput = z.strictObject({
  /** Scopes to scan; the whole domain when absent. */
  scopes: z.array(text(2000)).max(50).optional(),
  /**
   * A plan made in this session (plan.make): every user is judged a second time, in the same
   * pass, against the DACLs that plan writes: "would still fail after the planned changes"
   * (AssessSummary.afterPlan, and assess.rows with view 'after-plan').
   */
  planId: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});

/** The columns of the verdict table main can sort by. */
export const verdictSortKeys = ['account', 'kind', 'cause', 'dn'] as const;
export type VerdictSortKey = (typeof verdictSortKeys)[number];

/** Whose verdicts: as the directory is today, or as it would be after the planned changes. */
export const verdictViews = ['today', 'after-plan'] as const;
export type VerdictView = (typeof verdictViews)[number];

export const assessRowsInput = z.strictObject({
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
  /** Case-insensitive text matched against account name, DN and reasons. */
  filter: z.string().max(200).optional(),
  /** Blockers, warnings, or both (the default: every user the cause table counts). */
  severity: z.enum(['blocker', 'warning']).optional(),
  /** Only the users with this cause (a reason code of the cause table). */
  cause: z
    .string()
    .regex(/^[a-z][a-z-]{0,63}$/, 'must be a cause code such as missing-grant')
    .optional(),
  /** Sorted in main (the renderer holds only the window); the listed order when absent. */
  sort: z
    .strictObject({ by: z.enum(verdictSortKeys), descending: z.boolean().optional() })
    .optional(),
  /** Today's verdicts (the default), or after the planned changes when the assessment has them. */
  view: z.enum(verdictViews).optional(),
});

export const makePlanInput = z.strictObject({
  steps: z
    .array(z.enum(['optional-features', 'permissions', 'min-password-age']))
    .min(1)
    .max(3),
  /** Opt-in (optional-features): sync "User must change password at next logon". */
  syncForcePasswordChange: z.boolean().optional(),
  /** optional-features from a jump box: the Connect server, reached over PowerShell remoting. */
  connectServer: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/, 'a host name such as aadc01.contoso.com')
    .optional(),
  /** Folder holding the domain's Policies (min-password-age). */
  sysvol: z.string().max(1000).optional(),
  psos: z.union([z.literal('all'), z.array(text(256)).max(100)]).optional(),
  includeAdminSdHolder: z.boolean().optional(),
  enableInheritance: z.union([z.literal('all'), z.array(text(2000)).max(1000)]).optional(),
  scopes: z.array(text(2000)).max(50).optional(),
});

export const applyInput = z.strictObject({
  planId: z.string().regex(/^[0-9a-f]{32}$/),
  /**
   * The targets the admin saw and confirmed, in plan order. Main refuses the apply unless they
   * are exactly the plan's: a confirmation dialog showing something else confirms nothing.
   */
  confirmedTargets: z.array(z.string().max(4000)).max(100_000),
});

export const journalInput = z.strictObject({ journal: text(4000) });

export const externalInput = z.strictObject({ url: z.url().max(2000) });

export const ssprConfirmInput = z.strictObject({
  tenant: z.string().max(200).optional(),
});

export const reportInput = z.strictObject({ format: z.enum(['json', 'csv', 'html']) });

/** Verify: the Connect server's events since a time, and its connectivity (docs/domain-facts.md §9). */
export const verifyInput = z.strictObject({
  events: z.boolean(),
  /** ISO 8601 instant. */
  since: z.iso.datetime({ offset: true }),
  connectivity: z.boolean(),
  /** From a jump box: the Connect server, reached over PowerShell remoting. */
  connectServer: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/, 'must be a host name')
    .optional(),
});

/** The canary's account, checked in AD alone (no sign-in to Entra ID needed). */
export const canaryAccountInput = z.strictObject({ upn: text(256) });

/** The canary reset: first its plan (nothing changes), then the reset the admin confirmed. */
export const canaryPlanInput = z.strictObject({
  upn: text(256).regex(
    /^[^\s@]+@[^\s@]+$/,
    'must be a user principal name such as canary@contoso.com',
  ),
  /**
   * Where to reach a writable DC whose name this computer cannot resolve (the DC connected to
   * is reached where it was; any other at ldaps://<its name>).
   */
  dcUrls: z
    .array(
      z.strictObject({
        host: text(253).regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a DC host name'),
        url: text(500).regex(/^ldaps?:\/\/[^\s/]+\/?$/i, 'must be ldaps://host[:port]'),
      }),
    )
    .max(50)
    .optional(),
});

export const canaryRunInput = z.strictObject({
  planId: z.string().regex(/^[0-9a-f]{32}$/),
  /** The account the admin saw and confirmed (its DN): main refuses any other. */
  confirmedTarget: z.string().max(4000),
  /** How long to wait for the reset and for every DC to show it. */
  timeoutMinutes: z.number().int().min(1).max(60),
});

/** Verify's last results, as `writeback verify --out` (JSON) or `--html` writes them. */
export const verifySaveInput = z.strictObject({ format: z.enum(['json', 'html']) });

/** A run's evidence pack, written into a folder the admin picks (never over an existing pack). */
export const evidenceInput = z.strictObject({ journal: text(4000) });

/** Channel name → payload schema (every channel of channels.ts, and no other). */
export const channelInputs = {
  'app.info': none,
  'entra.status': none,
  'entra.signIn': entraSignInInput,
  'entra.signOut': none,
  'entra.cancel': none,
  'directory.connect': connectInput,
  'directory.disconnect': none,
  'directory.connectors': none,
  'directory.chooseConnector': chooseConnectorInput,
  'prerequisites.check': none,
  'assess.run': assessInput,
  'assess.cancel': none,
  'assess.rows': assessRowsInput,
  'plan.make': makePlanInput,
  'plan.apply': applyInput,
  'journal.list': none,
  'journal.preview': journalInput,
  'journal.rollback': journalInput,
  'sspr.guide': none,
  'sspr.confirm': ssprConfirmInput,
  'external.open': externalInput,
  'report.save': reportInput,
  'verify.run': verifyInput,
  'verify.canaryAccount': canaryAccountInput,
  'verify.canaryPlan': canaryPlanInput,
  'verify.canaryRun': canaryRunInput,
  'verify.save': verifySaveInput,
  'evidence.save': evidenceInput,
} as const satisfies Record<Channel, z.ZodType>;

export type ChannelInput<C extends Channel> = z.input<(typeof channelInputs)[C]>;

export interface AppInfo {
  readonly version: string;
  /** 'electron' in the app, 'dev-bridge' in a browser during development and tests. */
  readonly host: 'electron' | 'dev-bridge';
  readonly platform: string;
  readonly journalFolder: string;
  /**
   * Where ADSync (Optional features) can be read: on this computer (the Connect server), on a
   * Connect server named over PowerShell remoting (a Windows jump box), or not from here.
   */
  readonly adsync: 'local' | 'remote' | 'unavailable';
}

export interface EntraStatus {
  readonly cloud: 'global' | 'usgov' | 'usgov-dod' | 'china';
  /** Who is signed in (no tokens ever cross to the renderer). */
  readonly account?: {
    readonly username: string;
    readonly name?: string;
    readonly tenantId: string;
  };
  /** The tenant checks: licences, roles, sync health. */
  readonly checks?: readonly Check[];
  /** A sign-in waiting for the admin: since when, and the device code to enter, if any. */
  readonly signingIn?: {
    readonly since: string;
    readonly deviceCodeMessage?: string;
    /** The browser sign-in's address, to open by hand when no browser opened. */
    readonly signInUrl?: string;
  };
}

export interface TlsFacts {
  readonly protocol: 'ldaps' | 'starttls';
  /** How the certificate was trusted. */
  readonly trust: 'system-and-ca' | 'pinned';
}

export interface DomainSummary {
  readonly dn: string;
  readonly dnsName: string;
  readonly netbiosName?: string;
  readonly domainSid?: string;
  readonly pdcEmulator?: string;
  readonly writableDcs: readonly {
    dnsHostName: string;
    operatingSystem?: string;
    unsupported: boolean;
  }[];
}

export interface ConnectedDirectory {
  readonly url: string;
  readonly bindUser: string;
  readonly dcHostName: string;
  readonly defaultNamingContext: string;
  readonly domainFunctionality: number;
  readonly forestFunctionality: number;
  readonly domains: readonly DomainSummary[];
  readonly tls: TlsFacts;
}

export interface ConnectorAccountView {
  readonly dn: string;
  readonly sAMAccountName: string;
  /** Its SID, so diffs can name it where an ACE holds only the SID. */
  readonly sid?: string;
  readonly userPrincipalName?: string;
  readonly computerName?: string;
  readonly tenant?: string;
  readonly enabled: boolean;
}

export interface ConnectorChoice {
  readonly accounts: readonly ConnectorAccountView[];
  /** The one the wizard will use: chosen by the admin, or the only enabled one. */
  readonly chosen?: string;
}

export interface AssessSummary {
  readonly usersScanned: number;
  readonly blockedUsers: number;
  readonly checks: readonly Check[];
  readonly byReason: Readonly<Record<string, number>>;
  /** Users per cause, in the report's words; blockers first. */
  readonly causes: readonly CauseCount[];
  /**
   * Who would still fail once the planned changes are applied, when the engine projected it:
   * the table then offers this view beside today's (rows through `assess.rows` with
   * `view: 'after-plan'`).
   */
  readonly afterPlan?: VerdictProjection;
}

/** The verdicts projected onto the directory as the plan would leave it. */
export interface VerdictProjection {
  readonly blockedUsers: number;
  readonly causes: readonly CauseCount[];
}

/** A user in the verdict table: why writeback fails (blocker) or works unexpectedly (warning). */
export type AssessRow = Blocker & { readonly severity: 'blocker' | 'warning' };

export interface AssessRows {
  /** Rows matching the filter (the table's scroll height). */
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly AssessRow[];
}

export interface MadePlan {
  readonly planId: string;
  readonly plan: Plan;
  /** Targets in plan order, as the confirmation must list them. */
  readonly targets: readonly string[];
}

export interface ApplyOutcome {
  readonly applied: number;
  readonly journal: string;
}

export interface RunView {
  readonly journal: string;
  readonly runId: string;
  readonly at: string;
  readonly user: string;
  readonly host: string;
  readonly steps: readonly string[];
  readonly operations: number;
  /** What the run changed, as the rollback confirmation lists it. */
  readonly targets: readonly string[];
  readonly states: Readonly<Record<string, number>>;
  readonly ended: boolean;
  readonly complete: boolean;
  readonly rolledBack: boolean;
  readonly offers: readonly ('finish' | 'rollback')[];
}

/** What a rollback would write: the run's operations reversed (after → journaled before). */
export interface RollbackPreview {
  readonly plan: Plan;
}

export interface RollbackOutcome {
  readonly restored: number;
  readonly alreadyAsBefore: number;
}

export interface SsprGuideView {
  readonly deepLink: string;
  readonly portalPath: string;
  readonly beforeYouStart: readonly string[];
  readonly settings: readonly { setting: string; value: string; why: string; optional: boolean }[];
  readonly verify: readonly string[];
  readonly lastConfirmation?: { at: string; user: string; host: string; tenant?: string };
}

export interface SavedReport {
  readonly path: string;
}

/** One Connect server event, explained, with the step that fixes it. */
export interface VerifyEventView {
  readonly at: string;
  readonly id: number;
  readonly source: string;
  readonly name: string;
  readonly outcome: 'success' | 'progress' | 'warning' | 'failure' | 'unexplained';
  readonly meaning: string;
  readonly cause?: string;
  readonly fix?: string;
  readonly step: string;
  readonly user?: { readonly dn?: string; readonly upn?: string };
}

/**
 * Verify's checks to run by hand on the Connect server, when this computer could not run them
 * there (it cannot run Windows PowerShell, or no Connect server was named).
 */
export interface VerifyByHandView {
  /** The Connect server the admin named, when one was. */
  readonly server?: string;
  /** Why the checks were not run from here, in the admin's words. */
  readonly why: string;
  /** Get-WinEvent for the writeback providers and event IDs of the chosen window. */
  readonly events?: string;
  /** One Test-NetConnection per endpoint of the tenant's cloud (one line each). */
  readonly connectivity?: string;
}

export interface VerifyView {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly events: readonly VerifyEventView[];
  readonly byHand?: VerifyByHandView;
}

/**
 * The canary's account as AD judges it, before any sign-in to Entra ID: accepted (its DN), or
 * refused with the reason (built-in, adminCount, a protected group, disabled, the connector).
 */
export type CanaryAccountView =
  | { readonly accepted: true; readonly dn: string; readonly userPrincipalName: string }
  | { readonly accepted: false; readonly reason: string; readonly fix: string };

/** The canary as the plan operation shown before anything changes. */
export interface CanaryPlanView {
  readonly planId: string;
  /** The account's DN: what the confirmation lists and main checks. */
  readonly target: string;
  readonly userPrincipalName: string;
  readonly attribute: 'pwdLastSet';
  readonly before: readonly {
    readonly dc: string;
    readonly pwdLastSet: string;
    readonly unicodePwdVersion: number;
  }[];
  readonly after: string;
  /** That a password cannot be rolled back, plainly. */
  readonly irreversible: string;
  readonly summary: string;
}

/** One writable DC during the canary: when it showed the new password. */
export interface CanaryDcView {
  readonly dc: string;
  readonly before: string;
  readonly after?: string;
  /** From the reset request to the first read that showed it. */
  readonly seenAfterMs?: number;
  /** After the first DC showed it (0 for that DC). */
  readonly convergedAfterMs?: number;
  /** The write landed on this DC (its invocationId is the origin in unicodePwd's metadata). */
  readonly originating: boolean;
  readonly error?: string;
}

export interface CanaryView {
  readonly generatedAt: string;
  readonly checks: readonly Check[];
  readonly ok: boolean;
  readonly cancelled: boolean;
  readonly requestedAt: string;
  readonly operationStatus?: string;
  readonly dcs: readonly CanaryDcView[];
  readonly events: readonly VerifyEventView[];
  readonly cause?: {
    readonly message: string;
    readonly fix: string;
    readonly step: string;
    /** The user's readiness verdict, when the cause is on the AD side. */
    readonly verdict?: readonly { readonly message: string; readonly fix: string }[];
  };
  readonly journal: string;
}

export interface SavedEvidence {
  readonly folder: string;
  /** In the folder the admin chose, or (no save dialog: the dev bridge) the journal folder. */
  readonly where: 'chosen' | 'journal-folder';
  readonly zip?: string;
  readonly files: number;
  readonly manifestSha256: string;
}

/** Channel name → result value. */
export interface ChannelResults {
  'app.info': AppInfo;
  'entra.status': EntraStatus;
  'entra.signIn': EntraStatus;
  'entra.signOut': EntraStatus;
  'entra.cancel': EntraStatus;
  'directory.connect': ConnectedDirectory;
  'directory.disconnect': null;
  'directory.connectors': ConnectorChoice;
  'directory.chooseConnector': ConnectorChoice;
  'prerequisites.check': readonly Check[];
  'assess.run': AssessSummary;
  'assess.cancel': null;
  'assess.rows': AssessRows;
  'plan.make': MadePlan;
  'plan.apply': ApplyOutcome;
  'journal.list': readonly RunView[];
  'journal.preview': RollbackPreview;
  'journal.rollback': RollbackOutcome;
  'sspr.guide': SsprGuideView;
  'sspr.confirm': SsprGuideView;
  'external.open': null;
  'report.save': SavedReport;
  'verify.run': VerifyView;
  'verify.canaryAccount': CanaryAccountView;
  'verify.canaryPlan': CanaryPlanView;
  'verify.canaryRun': CanaryView;
  'verify.save': SavedReport;
  'evidence.save': SavedEvidence;
}

/** Progress pushed from main while a long call runs (assess.run, plan.make, plan.apply, journal.rollback). */
export type ProgressEvent =
  /** Microsoft's device-code instructions ("To sign in, use a web browser to open …"). */
  | { readonly kind: 'device-code'; readonly message: string }
  /** The browser sign-in's address, shown on the page in case no browser opened. */
  | { readonly kind: 'sign-in-url'; readonly url: string }
  | {
      readonly kind: 'scan';
      readonly count: number;
      readonly ratePerSecond: number;
      readonly estimatedTotal?: number;
    }
  | {
      readonly kind: 'operation';
      readonly run: 'apply' | 'rollback';
      readonly index: number;
      readonly total: number;
      readonly summary: string;
      readonly phase: 'checking' | 'writing' | 'verified' | 'skipped' | 'failed';
    }
  /** The canary: the reset requested, the operation's end, each DC showing the password. */
  | { readonly kind: 'canary'; readonly message: string };

/** What the preload exposes as `window.writeback` and the dev-bridge transport implements. */
export type WritebackApi = {
  readonly [C in Channel]: (input: ChannelInput<C>) => Promise<IpcResult<ChannelResults[C]>>;
} & {
  /** Subscribes to progress; returns the unsubscribe function. */
  readonly onProgress: (listener: (event: ProgressEvent) => void) => () => void;
};
