/**
 * Where a run's time goes: a listener told each named phase's duration as it ends (the bench
 * prints the breakdown; nothing else needs to know). Phases are timed, never logged here.
 */
export type PhaseListener = (phase: string, ms: number) => void;

/** Runs `work`, telling `listener` (when given) how long it took, even when it throws. */
export async function timed<T>(
  listener: PhaseListener | undefined,
  phase: string,
  work: () => Promise<T>,
): Promise<T> {
  if (listener === undefined) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    listener(phase, performance.now() - started);
  }
}
