/**
 * CPU seconds the lab's DC (the samba process and every process below it) has used so far, from
 * /proc: the bench prints how much DC time a run cost beside its wall time, so a ratio measured
 * on a machine others share can be read for what it is. Linux only; undefined elsewhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { labPidPath } from '../../tests/lab/lab-env';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid: string): { ppid: string; ticks: number } | undefined {
  try {
    // After "(comm)": state ppid … utime (14th field) stime (15th).
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: fields[1]!, ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

export function dcCpuSeconds(): number | undefined {
  let root: string;
  try {
    root = readFileSync(labPidPath, 'utf8').trim();
    readdirSync('/proc');
  } catch {
    return undefined;
  }
  const children = new Map<string, string[]>();
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    const s = stat(pid);
    if (!s) continue;
    ticks.set(pid, s.ticks);
    children.set(s.ppid, [...(children.get(s.ppid) ?? []), pid]);
  }
  let total = 0;
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    total += ticks.get(pid) ?? 0;
    queue.push(...(children.get(pid) ?? []));
  }
  return total / TICKS_PER_SECOND;
}

/** Runs `work`, returning its result with the DC CPU seconds it cost (undefined off Linux). */
export async function withDcCpu<T>(work: () => Promise<T>): Promise<T & { dcCpu?: number }> {
  const before = dcCpuSeconds();
  const result = await work();
  const after = dcCpuSeconds();
  return {
    ...result,
    ...(before !== undefined && after !== undefined ? { dcCpu: +(after - before).toFixed(2) } : {}),
  };
}
