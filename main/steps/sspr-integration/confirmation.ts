/**
 * The admin's confirmation that they saved the SSPR on-premises integration settings: the only
 * record the tool can keep of a change it cannot make or read itself. Appended, one JSON line a
 * confirmation, to a file beside the run journals, flushed to disk before returning.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { badInput } from '../../../shared/errors';
import { runContext } from '../../plan/step-api';
import type { CloudName } from '../../entra/national-clouds';
import { field } from '../../../shared/fields';

const confirmationSchema = z.strictObject({
  type: z.literal('sspr-integration-confirmed'),
  at: z.iso.datetime(),
  user: z.string(),
  host: z.string(),
  cloud: z.enum(['global', 'usgov', 'usgov-dod', 'china']),
  /** The tenant the admin says they configured, when signed in (id or domain). */
  tenant: z.string().max(200).optional(),
  /** The portal settings the admin confirmed, by their portal labels. */
  settings: z.array(z.string().max(200)).max(20),
});

export type SsprConfirmation = z.infer<typeof confirmationSchema>;

export function confirmationsFile(journalFolder: string): string {
  return join(journalFolder, 'sspr-integration.jsonl');
}

export function recordSsprConfirmation(
  journalFolder: string,
  details: { cloud: CloudName; tenant?: string; settings: readonly string[] },
): SsprConfirmation {
  const { user, host } = runContext();
  const record = confirmationSchema.parse({
    type: 'sspr-integration-confirmed',
    at: new Date().toISOString(),
    user,
    host,
    cloud: details.cloud,
    ...(details.tenant ? { tenant: details.tenant } : {}),
    settings: [...details.settings],
  });
  const path = confirmationsFile(journalFolder);
  try {
    mkdirSync(journalFolder, { recursive: true });
    const fd = openSync(path, 'a', 0o600);
    try {
      writeSync(fd, JSON.stringify(record) + '\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw badInput(
      'sspr-confirmation-unwritable',
      `Cannot record the confirmation in ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`,
      `Give a writable journal folder (${field('journalDir')}).`,
      error,
    );
  }
  return record;
}

/** Every confirmation recorded, oldest first; a line that is not one is reported, not skipped. */
export async function readSsprConfirmations(journalFolder: string): Promise<SsprConfirmation[]> {
  const path = confirmationsFile(journalFolder);
  const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = confirmationSchema.safeParse(safeJson(line));
      if (!parsed.success) {
        throw badInput(
          'sspr-confirmation-corrupt',
          `Line ${index + 1} of ${path} is not a confirmation this tool wrote.`,
          'Remove or fix that line; the file is only a record and can be edited by hand.',
        );
      }
      return parsed.data;
    });
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
