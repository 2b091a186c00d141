import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../main/cli/main';
import { DOMAIN_SID, fromHex, SAMBA_SAMPLES } from './fixtures';
import {
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  toSddl,
} from '../../../shared/sd';

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const run = (...args: string[]): Promise<number> => main(['node', 'writeback', ...args]);
const sample = SAMBA_SAMPLES[0]!;
const sampleBase64 = Buffer.from(fromHex(sample.hex)).toString('base64');

describe('writeback sd decode', () => {
  it('prints the SDDL Windows prints, and with --style samba the SDDL Samba prints', async () => {
    expect(await run('sd', 'decode', '--domain-sid', DOMAIN_SID, sampleBase64)).toBe(0);
    const windows = toSddl(parseSecurityDescriptor(fromHex(sample.hex)), DOMAIN_SID);
    expect(stdout).toBe(windows + '\n');
    expect(windows).toContain('(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;DA)');
    stdout = '';
    const samba = ['--style', 'samba', '--domain-sid', DOMAIN_SID, sampleBase64];
    expect(await run('sd', 'decode', ...samba)).toBe(0);
    expect(stdout).toBe(sample.rendered + '\n');
    expect(await run('sd', 'decode', '--style', 'dsacls', sampleBase64)).toBe(2);
    expect(stderr).toMatch(/not an SDDL style/);
  });

  it('prints full SIDs without a domain SID, and JSON with --json', async () => {
    expect(await run('sd', 'decode', '--json', sampleBase64)).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      sddl: expect.stringContaining('O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513'),
    });
  });

  it('exits 2 with what is wrong and what to do on bad input', async () => {
    expect(await run('sd', 'decode', 'not base64!')).toBe(2);
    expect(stderr).toMatch(/not valid base64/);
    expect(stderr).toMatch(/fix:/);
    stderr = '';
    expect(
      await run('sd', 'decode', Buffer.from(fromHex(sample.hex).slice(0, 30)).toString('base64')),
    ).toBe(2);
    expect(stderr).toMatch(/at byte/);
    stderr = '';
    expect(await run('sd', 'decode', '--domain-sid', 'S-1-5-32', sampleBase64)).toBe(2);
    expect(stderr).toMatch(/not a domain SID/);
    expect(stdout).toBe('');
  });
});

describe('writeback sd encode', () => {
  it('writes the bytes Windows writes (SACL, DACL, owner, group), in base64', async () => {
    expect(await run('sd', 'encode', '--domain-sid', DOMAIN_SID, sample.sddl)).toBe(0);
    const expected = serializeSecurityDescriptor(fromSddl(sample.sddl, DOMAIN_SID));
    expect(stdout.trim()).toBe(Buffer.from(expected).toString('base64'));
    const bytes = Buffer.from(stdout.trim(), 'base64');
    // After the 20-byte header: SACL, DACL, owner, group.
    const [owner, group, sacl, dacl] = [4, 8, 12, 16].map((at) => bytes.readUInt32LE(at));
    expect(sacl).toBe(20);
    expect(dacl).toBeGreaterThan(sacl!);
    expect(owner).toBeGreaterThan(dacl!);
    expect(group).toBeGreaterThan(owner!);
    expect(toSddl(parseSecurityDescriptor(bytes), DOMAIN_SID, { style: 'samba' })).toBe(
      sample.rendered,
    );
  });

  it('encodes the empty SDDL as the empty descriptor, as Windows does', async () => {
    expect(await run('sd', 'encode', '--domain-sid', DOMAIN_SID, '')).toBe(0);
    expect(stdout.trim()).toBe('AQAAgAAAAAAAAAAAAAAAAAAAAAA=');
  });

  it('needs no domain SID for SDDL without a domain-relative alias', async () => {
    expect(await run('sd', 'encode', 'O:BAG:SYD:(A;;GA;;;WD)')).toBe(0);
    const bytes = Buffer.from(stdout.trim(), 'base64');
    expect(toSddl(parseSecurityDescriptor(bytes))).toBe('O:BAG:SYD:(A;;GA;;;WD)');
  });

  it('requires the domain SID for a domain alias, and valid SDDL (exit 2)', async () => {
    expect(await run('sd', 'encode', 'D:(A;;GA;;;DA)')).toBe(2);
    expect(stderr).toMatch(/"DA" is relative to a domain/);
    expect(stderr).toMatch(/--domain-sid/);
    stderr = '';
    expect(await run('sd', 'encode', '--domain-sid', DOMAIN_SID, 'D:(A;;GA;;;DA')).toBe(2);
    expect(stderr).toMatch(/not closed/);
  });
});

describe('writeback sd explain', () => {
  it("prints ADUC's columns", async () => {
    expect(await run('sd', 'explain', '--domain-sid', DOMAIN_SID, sampleBase64)).toBe(0);
    expect(stdout).toMatch(/^Owner: Domain Admins \(S-1-5-21-1-2-3-512\)$/m);
    expect(stdout).toMatch(/Inheritance: disabled/);
    expect(stdout).toMatch(/Allow\s+Domain Admins\s+Full control\s+No\s+This object only/);
    expect(stdout).toMatch(
      /Allow\s+S-1-5-21-1-2-3-1105\s+Reset password\s+No\s+Descendant User objects/,
    );
  });

  it('gives rows as JSON with --json', async () => {
    expect(await run('sd', 'explain', '--json', '--domain-sid', DOMAIN_SID, sampleBase64)).toBe(0);
    const doc = JSON.parse(stdout) as {
      aces: { permission: string; sddl: string }[];
      inheritanceDisabled: boolean;
    };
    expect(doc.inheritanceDisabled).toBe(true);
    expect(doc.aces[3]).toMatchObject({
      permission: 'Reset password',
      sddl: '(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;S-1-5-21-1-2-3-1105)',
    });
  });
});
