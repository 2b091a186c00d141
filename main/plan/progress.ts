/** Progress of apply, finish and rollback, one event per operation phase (the app shows them). */
export interface ProgressEvent {
  readonly run: 'apply' | 'rollback';
  readonly index: number;
  readonly total: number;
  readonly summary: string;
  /** The operation's directory as the admin reads it, in a plan over several. */
  readonly directory?: string;
  readonly phase: 'checking' | 'writing' | 'verified' | 'skipped' | 'failed';
}

export type ProgressListener = (event: ProgressEvent) => void;
