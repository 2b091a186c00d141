/**
 * The wizard's state (zustand): where the admin is, what the engine said, and what they chose.
 * Plain data from the engine only: never a password (the connect form keeps it in its own
 * component state and clears it once sent) and never a token.
 */
import { create } from 'zustand';
import type { Check } from '../../shared/checks';
import type { ErrorInfo } from '../../shared/errors';
import type {
  ApplyOutcome,
  AssessSummary,
  ConnectedDirectory,
  ConnectorChoice,
  EntraStatus,
  MadePlan,
  ProgressEvent,
  RunView,
} from '../../shared/ipc';
import type { PlanNote } from '../../shared/plan';
import type { WizardPage } from '../../shared/wizard-pages';
import { stepsForTask, type Task } from './steps';

export type PlanKey = 'optional-features' | 'permissions' | 'min-password-age';

export interface PermissionsOptIns {
  readonly includeAdminSdHolder: boolean;
  readonly enableInheritance: boolean;
}

/** An error shown on a page, with what the wizard was doing when it happened. */
export interface PageError extends ErrorInfo {
  /** "Connecting…", "Applying Permissions…": the error box is titled with it. */
  readonly during?: string;
}

/** One step's apply, and what happened to it since (a rollback). */
export interface AppliedRun {
  key: PlanKey;
  outcome: ApplyOutcome;
  /** The plan's notes: what it left to do by hand stays known once the plan is applied. */
  notes?: readonly PlanNote[];
  rolledBack?: { restored: number; alreadyAsBefore: number };
}

export interface WizardState {
  step: WizardPage;
  task: Task;
  busy: string | undefined;
  errors: Partial<Record<WizardPage, PageError>>;
  /** The Entra sign-in as main holds it (a sign-in waiting, who is signed in, the checks). */
  entra?: EntraStatus;
  connected?: ConnectedDirectory;
  connectors?: ConnectorChoice;
  prerequisites?: readonly Check[];
  plans: Partial<Record<PlanKey, MadePlan>>;
  optIns: PermissionsOptIns;
  sysvol: string;
  psosAll: boolean;
  /** Optional features from a jump box: the Connect server reached over PowerShell remoting. */
  connectServer: string;
  assessment?: AssessSummary;
  /** When the assessment ran, and when this session last changed the directory. */
  assessedAt?: string;
  changedAt?: string;
  progress?: ProgressEvent;
  operations: Record<number, ProgressEvent>;
  applied: AppliedRun[];
  /** Optional features' opt-in: sync "User must change password at next logon". */
  syncForcePasswordChange: boolean;
  runs?: readonly RunView[];
  ssprConfirmed: boolean;

  setTask(task: Task): void;
  go(step: WizardPage): void;
  next(): void;
  previous(): void;
  setBusy(what: string | undefined): void;
  setError(step: WizardPage, error: ErrorInfo | undefined, during?: string): void;
  patch(values: Partial<WizardState>): void;
  onProgress(event: ProgressEvent): void;
}

export const useWizard = create<WizardState>((set, get) => ({
  step: 'welcome',
  task: 'enable',
  busy: undefined,
  errors: {},
  plans: {},
  optIns: { includeAdminSdHolder: false, enableInheritance: false },
  sysvol: '',
  psosAll: false,
  connectServer: '',
  operations: {},
  applied: [],
  syncForcePasswordChange: false,
  ssprConfirmed: false,

  setTask: (task) => set({ task }),
  go: (step) => set({ step }),
  next() {
    const steps = stepsForTask[get().task];
    const at = steps.indexOf(get().step);
    if (at >= 0 && at < steps.length - 1) set({ step: steps[at + 1]! });
  },
  previous() {
    const steps = stepsForTask[get().task];
    const at = steps.indexOf(get().step);
    if (at > 0) set({ step: steps[at - 1]! });
  },
  setBusy: (busy) => set({ busy }),
  setError: (step, error, during) =>
    set((s) => ({
      errors: { ...s.errors, [step]: error && (during ? { ...error, during } : error) },
    })),
  patch: (values) => set(values),
  onProgress(event) {
    if (event.kind === 'device-code') {
      // The code to enter belongs to the sign-in, which runs apart from the long tasks.
      const { entra } = get();
      set({
        entra: {
          ...(entra ?? { cloud: 'global' }),
          signingIn: {
            since: entra?.signingIn?.since ?? new Date().toISOString(),
            deviceCodeMessage: event.message,
          },
        },
      });
    } else if (event.kind === 'sign-in-url') {
      const { entra } = get();
      set({
        entra: {
          ...(entra ?? { cloud: 'global' }),
          signingIn: {
            ...entra?.signingIn,
            since: entra?.signingIn?.since ?? new Date().toISOString(),
            signInUrl: event.url,
          },
        },
      });
    } else if (event.kind === 'operation') {
      set((s) => ({ progress: event, operations: { ...s.operations, [event.index]: event } }));
    } else set({ progress: event });
  },
}));
