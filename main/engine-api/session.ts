/**
 * What the engine holds for one window (or one dev-bridge run) between calls: the directory
 * connection, the chosen connector, the plans shown to the admin, the last assessment and the
 * cancel switch of the long call running now. The renderer only ever gets ids and plain data
 * back; the DC password lives only inside the connection's reconnect closure.
 */
import { randomBytes } from 'node:crypto';
import { WizardError } from '../../shared/errors';
import type { Plan } from '../../shared/plan';
import type { Check } from '../../shared/checks';
import type { AdsyncLocation, PowerShellRunner } from '../adsync/powershell-runner';
import type { GraphReader } from '../entra/graph-reader';
import type { EntraSignIn, SignInSettings } from '../entra/sign-in';
import type { AssessReport } from '../assess/assess-provider';
import type { Directory } from '../directory/connect';
import type {
  ConnectedDirectory,
  ConnectorAccountView,
  EntraStatus,
  ProgressEvent,
} from '../../shared/ipc';
import type { CloudName } from '../entra/national-clouds';
import type { CanaryPlan } from '../verify/canary';
import type { VerifyResult } from '../verify/verify';
import type { ProxyResolver } from '../entra/proxy';

/** What differs between the Electron shell and the dev bridge. */
export interface EngineHost {
  readonly kind: 'electron' | 'dev-bridge';
  readonly version: string;
  readonly journalFolder: string;
  /** Opens an allow-listed https URL in the system browser (never inside the app). */
  openExternal(url: string): Promise<void>;
  /** Saves a report where the admin chooses; undefined when they cancel. */
  saveFile(suggestedName: string, content: string): Promise<string | undefined>;
  /**
   * Where an evidence pack goes: the folder the admin names in a save dialog (suggested name
   * given), undefined when they cancel. Without it (the dev bridge, which has no dialog) packs
   * go into the journal folder, beside their run's journal, and the page says where.
   */
  chooseEvidenceFolder?(suggestedName: string): Promise<string | undefined>;
  /** Pushes progress to the renderer. */
  emit(event: ProgressEvent): void;
  /** ADSync PowerShell, where this computer can run it (Windows); undefined elsewhere. */
  readonly adsync?: AdsyncHost;
  /** How sign-in to Entra ID is kept and reached. */
  readonly entra?: EntraHostSettings;
}

/**
 * How the app reaches ADSync: locally on the Connect server itself, or from a Windows jump box
 * over PowerShell remoting to the Connect server the admin names.
 */
export interface AdsyncHost {
  /** local where the ADSync module is installed (the Connect server), else none. */
  readonly defaultLocation: AdsyncLocation | 'none';
  runner(location: AdsyncLocation): PowerShellRunner;
}

export interface EntraHostSettings {
  /** The OS-encrypted token cache (Electron safeStorage); memory only without it. */
  readonly tokenCache?: SignInSettings['tokenCache'];
  /** Tests: MSAL's network and metadata, so sign-in never leaves the process. */
  readonly signIn?: Pick<
    SignInSettings,
    'networkClient' | 'authorityMetadata' | 'cloudDiscoveryMetadata'
  >;
  /** Tests: another Graph base URL (a double). */
  readonly graphBaseUrl?: string;
  /** The proxy for sign-in and Graph (the OS's in the app); HTTPS_PROXY / NO_PROXY when absent. */
  readonly proxy?: ProxyResolver;
  /** How long a sign-in may wait for the admin before it is given up (default 10 minutes). */
  readonly signInTimeoutMs?: number;
}

/** A sign-in waiting for the admin (a browser tab, a code on another device). */
export interface SignInRun {
  readonly controller: AbortController;
  readonly since: string;
  deviceCodeMessage?: string;
  signInUrl?: string;
}

/** The tenant side, once signed in. */
export interface EntraSession {
  readonly signIn: EntraSignIn;
  readonly graph: GraphReader;
  account?: EntraStatus['account'];
  checks?: readonly Check[];
}

export class EngineSession {
  directory?: Directory;
  connected?: ConnectedDirectory;
  connectors: readonly ConnectorAccountView[] = [];
  connectorDn?: string;
  readonly plans = new Map<string, Plan>();
  assessment?: AssessReport;
  cloud: CloudName = 'global';
  entra?: EntraSession;
  /**
   * A sign-in has its own slot, apart from the long directory tasks: waiting for the admin in a
   * browser must never block a scan, a plan or an apply.
   */
  signingIn?: SignInRun;
  /** The canary plan shown on Verify (plain data, no connection), until run or replaced. */
  canary?: {
    readonly id: string;
    readonly plan: CanaryPlan;
    readonly dcUrls: ReadonlyMap<string, string>;
  };
  /** The last results of Verify's checks and of its canary, for the saved report. */
  verified: { checks?: VerifyResult; canary?: VerifyResult } = {};
  private running?: AbortController;

  constructor(readonly host: EngineHost) {}

  /** Keeps a plan for a later apply; the renderer gets only its id. */
  keepPlan(plan: Plan): string {
    const id = randomBytes(16).toString('hex');
    this.plans.set(id, plan);
    return id;
  }

  /** One long call at a time: starting another cancels nothing, it is refused. */
  startLongCall(): AbortSignal {
    if (this.running && !this.running.signal.aborted) {
      throw new WizardError(
        'busy',
        'Another long task (a scan, an apply or a rollback) is still running.',
        'Wait for it to finish, or cancel it, then try again.',
      );
    }
    this.running = new AbortController();
    return this.running.signal;
  }

  endLongCall(): void {
    this.running = undefined;
  }

  cancel(): void {
    this.running?.abort();
  }

  async disconnect(): Promise<void> {
    const { directory } = this;
    this.directory = undefined;
    this.connected = undefined;
    this.connectors = [];
    this.connectorDn = undefined;
    this.plans.clear();
    this.assessment = undefined;
    this.canary = undefined;
    await directory?.close().catch(() => undefined);
  }
}
