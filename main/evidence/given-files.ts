/**
 * The files an admin adds to a pack are what they claim: a `--verify` file is a verify result
 * (`writeback verify --out`), a `--report` file an assessment report (JSON, HTML or CSV). And a
 * verify result made before the run started shows the state before the change, not its proof:
 * one given by hand is kept and labelled so in the README; one the app kept from earlier in the
 * session is left out.
 */
import { badInput } from '../../shared/errors';
import { field } from '../../shared/fields';
import { printable } from '../../shared/text/printable';

export type GivenKind = 'verify' | 'report';

/** When a verify result was made (its generatedAt), or undefined when the file is not one. */
export function verifyGeneratedAt(bytes: Buffer): string | undefined {
  const o = parseObject(bytes.toString('utf8'));
  if (o === undefined) return undefined;
  const at = o['generatedAt'];
  return typeof at === 'string' &&
    !Number.isNaN(Date.parse(at)) &&
    Array.isArray(o['checks']) &&
    (o['exitCode'] === 0 || o['exitCode'] === 1)
    ? at
    : undefined;
}

function isReport(bytes: Buffer): boolean {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 2000).toLowerCase();
  if (head.startsWith('<!doctype html'))
    return /<title>password writeback (readiness|verification)<\/title>/.test(head);
  if (/^severity,(domain,)?samaccountname,dn,code,message,fix\r?\n/i.test(text)) return true;
  const o = parseObject(text);
  return o !== undefined && Array.isArray(o['checks']) && Array.isArray(o['blockers']);
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Refuses a file that is not what its option says, naming what each option takes. */
export function checkGiven(kind: GivenKind, path: string, bytes: Buffer): void {
  const ok = kind === 'verify' ? verifyGeneratedAt(bytes) !== undefined : isReport(bytes);
  if (ok) return;
  throw badInput(
    `evidence-not-a-${kind}`,
    kind === 'verify'
      ? `${printable(path)} is not a verify result (the JSON writeback verify writes with ${field('out', '<verify.json>')}: generatedAt, checks, exitCode).`
      : `${printable(path)} is not an assessment report (the JSON, HTML or CSV writeback assess writes).`,
    kind === 'verify'
      ? `Run writeback verify after the run with ${field('out', '<verify.json>')}, and add that file.`
      : 'Add a report writeback assess wrote, unchanged.',
  );
}
