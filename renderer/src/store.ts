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
  MadePlan,
  ProgressEvent,
  RunView,
} from '../../shared/ipc';
import { stepsForTask, type StepId, type Task } from './steps';

export type PlanKey = 'optional-features' | 'permissions' | 'min-password-age';

export interface PermissionsOptIns {
  readonly includeAdminSdHolder: boolean;
  readonly enableInheritance: boolean;
}

export interface WizardState {
  step: StepId;
  task: Task;
  busy: string | undefined;
  errors: Partial<Record<StepId, ErrorInfo>>;
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
  progress?: ProgressEvent;
  operations: Record<number, ProgressEvent>;
  applied: { key: PlanKey; outcome: ApplyOutcome }[];
  runs?: readonly RunView[];
  ssprConfirmed: boolean;

  setTask(task: Task): void;
  go(step: StepId): void;
  next(): void;
  previous(): void;
  setBusy(what: string | undefined): void;
  setError(step: StepId, error: ErrorInfo | undefined): void;
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
  setError: (step, error) => set((s) => ({ errors: { ...s.errors, [step]: error } })),
  patch: (values) => set(values),
  onProgress(event) {
    if (event.kind === 'operation') {
      set((s) => ({ progress: event, operations: { ...s.operations, [event.index]: event } }));
    } else set({ progress: event });
  },
}));
