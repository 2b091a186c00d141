/**
 * An error carries what to change (`change`), and each face words it: the command line as its
 * flag, the app as its field, so the app never tells an admin to pass "--journal-dir".
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badInput, toErrorInfo } from '../../shared/errors';
import { field, fieldNames, fieldsIn, wordFields, wordFieldsDeep } from '../../shared/fields';
import { cliWords } from '../../main/cli/words';
import { dispatch } from '../../main/engine-api/dispatch';
import { EngineSession } from '../../main/engine-api/session';
import { appWords } from '../../main/engine-api/words';

describe('fields in engine text', () => {
  const error = badInput(
    'example',
    `${field('psos', 'Tier0')} names no PSO.`,
    `Check ${field('tenant')} and ${field('cloud')}, or plan ${field('psos', 'all')}.`,
  );

  it('the CLI words a field as its flag, with its value', () => {
    expect(toErrorInfo(error, cliWords)).toEqual({
      code: 'example',
      message: '--psos Tier0 names no PSO.',
      fix: 'Check --tenant and --cloud, or plan --psos all.',
      change: ['tenant', 'cloud', 'psos'],
    });
    expect(wordFields(field('enableInheritance', '"CN=Ann Lee,OU=Corp"'), cliWords)).toBe(
      '--enable-inheritance "CN=Ann Lee,OU=Corp"',
    );
  });

  it('the app words it as its own control, never as a flag', () => {
    const info = toErrorInfo(error, appWords);
    expect(info.fix).toBe(
      'Check Tenant (Sign in to Entra ID) and Cloud (Sign in to Entra ID), or plan with "Also set every PSO with a minimum age to 0" (Minimum password age).',
    );
    for (const name of fieldNames) expect(appWords[name]('x')).not.toMatch(/--/);
  });

  it('every field has a word in both faces; unknown markers and plain text are left alone', () => {
    for (const name of fieldNames) {
      expect(cliWords[name](undefined)).toMatch(/^--[a-z-]+$/);
      expect(fieldsIn(field(name))).toEqual([name]);
    }
    expect(wordFields('no fields here', cliWords)).toBe('no fields here');
    expect(wordFields('\uE000nope\uE001', cliWords)).toBe('\uE000nope\uE001');
    const bytes = new Uint8Array([1, 2]);
    const worded = wordFieldsDeep({ a: [field('dc')], b: bytes, c: 3 }, cliWords);
    expect(worded).toEqual({ a: ['--dc'], b: bytes, c: 3 });
    expect(worded.b).toBe(bytes);
  });

  it('through the app dispatcher, an engine error reaches the renderer in the app words', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-words-'));
    const notAFolder = join(folder, 'file');
    writeFileSync(notAFolder, '');
    const session = new EngineSession({
      kind: 'dev-bridge',
      version: 'test',
      journalFolder: notAFolder,
      openExternal: async () => undefined,
      saveFile: async () => undefined,
      emit: () => undefined,
    });
    const result = await dispatch(session, 'sspr.confirm', {});
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'sspr-confirmation-unwritable', change: ['journalDir'] },
    });
    if (!result.ok) {
      expect(result.error.fix).toContain('journal folder');
      expect(JSON.stringify(result.error)).not.toMatch(/--|\uE000/);
    }
  });
});
