import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMinimumPasswordAge, setMinimumPasswordAge } from '../../../main/sysvol/gpt-tmpl';
import {
  bumpComputerVersion,
  readGptIniVersion,
  setGptIniVersion,
  toVersionNumberAttribute,
} from '../../../main/sysvol/gpt-ini';
import { ensureSecurityExtension, parseExtensionNames } from '../../../main/sysvol/extension-names';
import { writeFileAtomic } from '../../../main/sysvol/atomic-write';
import { unifiedDiff } from '../../../main/sysvol/text-diff';

const path =
  '/sysvol/contoso.test/Policies/{31B2F340-016D-11D2-945F-00C04FB984F9}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf';

/** Default Domain Policy's template as Windows Server writes it (UTF-16LE, BOM, CRLF). */
const windowsDefault = [
  '[Unicode]',
  'Unicode=yes',
  '[System Access]',
  'MinimumPasswordAge = 1',
  'MaximumPasswordAge = 42',
  'MinimumPasswordLength = 7',
  'PasswordComplexity = 1',
  'PasswordHistorySize = 24',
  'LockoutBadCount = 0',
  'RequireLogonToChangePassword = 0',
  'ForceLogoffWhenHourExpire = 0',
  'ClearTextPassword = 0',
  'LSAAnonymousNameLookup = 0',
  '[Kerberos Policy]',
  'MaxTicketAge = 10',
  '[Registry Values]',
  'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1',
  '[Version]',
  'signature="$CHICAGO$"',
  'Revision=1',
  '',
].join('\r\n');
const utf16 = (text: string) =>
  Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);

describe('GptTmpl.inf', () => {
  it('sets MinimumPasswordAge in a UTF-16LE file, changing only that line', () => {
    const before = utf16(windowsDefault);
    expect(readMinimumPasswordAge(before, path)).toBe(1);
    const after = setMinimumPasswordAge(before, 0, path);
    expect(after.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    expect(
      after.equals(
        utf16(windowsDefault.replace('MinimumPasswordAge = 1', 'MinimumPasswordAge = 0')),
      ),
    ).toBe(true);
    expect(readMinimumPasswordAge(after, path)).toBe(0);
  });

  it('keeps UTF-8, LF line endings, odd spacing and comments', () => {
    const text =
      '[System Access]\n; set by the security team\nminimumpasswordage=14\nMaximumPasswordAge = 42\n[Version]\nsignature="$CHICAGO$"\n';
    const after = setMinimumPasswordAge(Buffer.from(text), 0, path);
    expect(after.toString('utf8')).toBe(
      text.replace('minimumpasswordage=14', 'minimumpasswordage=0'),
    );
  });

  it('keeps ANSI bytes that are not UTF-8', () => {
    const text = Buffer.concat([
      Buffer.from('[System Access]\r\nMinimumPasswordAge = 3\r\n; R\xe9gion\r\n', 'latin1'),
    ]);
    const after = setMinimumPasswordAge(text, 0, path);
    expect(
      after.equals(
        Buffer.from('[System Access]\r\nMinimumPasswordAge = 0\r\n; R\xe9gion\r\n', 'latin1'),
      ),
    ).toBe(true);
  });

  it("adds the key at the end of [System Access] when absent, with the file's line endings", () => {
    const text =
      '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMaximumPasswordAge = 42\r\n\r\n[Version]\r\nRevision=1\r\n';
    const after = setMinimumPasswordAge(utf16(text), 0, path);
    expect(after.subarray(2).toString('utf16le')).toBe(
      '[Unicode]\r\nUnicode=yes\r\n[System Access]\r\nMaximumPasswordAge = 42\r\nMinimumPasswordAge = 0\r\n\r\n[Version]\r\nRevision=1\r\n',
    );
    const last = setMinimumPasswordAge(
      Buffer.from('[System Access]\nMaximumPasswordAge = 42'),
      0,
      path,
    );
    expect(last.toString()).toBe(
      '[System Access]\nMaximumPasswordAge = 42\nMinimumPasswordAge = 0',
    );
    expect(
      readMinimumPasswordAge(Buffer.from('[System Access]\r\nMaximumPasswordAge = 42\r\n'), path),
    ).toBeUndefined();
  });

  it.each([
    [
      'a cut UTF-16 file (odd byte count)',
      Buffer.concat([utf16(windowsDefault), Buffer.from([0x41])]),
      /odd number of bytes/,
    ],
    [
      'a big-endian BOM',
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('[System Access]', 'utf16le')]),
      /big-endian/,
    ],
    [
      'UTF-16 without BOM',
      Buffer.from('[System Access]\r\n', 'utf16le'),
      /binary data|without its byte order mark/,
    ],
    ['no [System Access]', utf16('[Unicode]\r\nUnicode=yes\r\n'), /no \[System Access\] section/],
    [
      'a duplicate key',
      Buffer.from('[System Access]\r\nMinimumPasswordAge = 1\r\nMinimumPasswordAge = 2\r\n'),
      /MinimumPasswordAge appears twice .*lines 2 and 3/,
    ],
    ['binary junk', Buffer.from([0x5b, 0x53, 0x00, 0x01, 0x02, 0xff, 0x90]), /binary data/],
    [
      'a value that is not days',
      Buffer.from('[System Access]\r\nMinimumPasswordAge = soon\r\n'),
      /not a number of days/,
    ],
  ])('refuses %s, naming the path and what to do', (_name, bytes, pattern) => {
    let message = '';
    try {
      setMinimumPasswordAge(bytes, 0, path);
      readMinimumPasswordAge(bytes, path);
    } catch (error) {
      expect(error).toMatchObject({ code: 'sysvol-file-corrupt', exitCode: 2 });
      expect((error as { fix: string }).fix).toMatch(/Group Policy Management Editor/);
      message = (error as Error).message;
    }
    expect(message).toContain(path);
    expect(message).toMatch(pattern);
  });
});

describe('GPT.INI and the GPC version', () => {
  it('bumps only the computer half, wrapping to 1 and keeping the user half', () => {
    expect(bumpComputerVersion(1)).toBe(2);
    expect(bumpComputerVersion(0x00050003)).toBe(0x00050004);
    expect(bumpComputerVersion(0x0007ffff)).toBe(0x00070001);
    expect(bumpComputerVersion(0xffffffff)).toBe(0xffff0001);
    expect(toVersionNumberAttribute(0xffff0001)).toBe('-65535');
  });

  it('rewrites Version= keeping the rest of GPT.INI', () => {
    const ini = Buffer.from(
      '[General]\r\nVersion=65539\r\ndisplayName=New Group Policy Object\r\n',
    );
    expect(readGptIniVersion(ini, 'GPT.INI')).toBe(65539);
    expect(setGptIniVersion(ini, 65540, 'GPT.INI').toString()).toBe(
      '[General]\r\nVersion=65540\r\ndisplayName=New Group Policy Object\r\n',
    );
    expect(() => readGptIniVersion(Buffer.from('[General]\r\n'), 'X/GPT.INI')).toThrow(
      /X\/GPT.INI .*no \[General\] Version=/,
    );
  });
});

describe('gPCMachineExtensionNames', () => {
  const pair = '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]';
  it('adds the security pair in sorted position and leaves a value that has it unchanged', () => {
    const efs = '[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{53D6AB1B-2488-11D1-A28C-00C04FB94F17}]';
    const z = '[{B1BE8D72-6EAC-11D2-A4EA-00C04F79F83A}{53D6AB1B-2488-11D1-A28C-00C04FB94F17}]';
    expect(ensureSecurityExtension(efs + z, 'the GPO')).toBe(efs + pair + z);
    expect(ensureSecurityExtension('', 'the GPO')).toBe(pair);
    expect(ensureSecurityExtension(efs + pair, 'the GPO')).toBe(efs + pair);
    expect(
      ensureSecurityExtension(
        '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{FFFFFFFF-B4FB-11D0-A0D0-00A0C90F574B}]',
        'g',
      ),
    ).toBe(
      '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}{FFFFFFFF-B4FB-11D0-A0D0-00A0C90F574B}]',
    );
    expect(parseExtensionNames(efs + pair, 'g')).toHaveLength(2);
  });
  it('refuses a malformed value', () => {
    expect(() => ensureSecurityExtension('[{827D319E}]', 'CN={X},CN=Policies')).toThrow(
      /CN=\{X\},CN=Policies is not a list/,
    );
  });
});

describe('atomic writes and diffs', () => {
  it('replaces a file through a temporary file and leaves no temporary behind', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-atomic-'));
    const file = join(folder, 'GptTmpl.inf');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, Buffer.from('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(folder)).toEqual(['GptTmpl.inf']);
    await expect(writeFileAtomic(join(folder, 'missing', 'x'), Buffer.from('x'))).rejects.toThrow(
      /ENOENT/,
    );
  });
  it('prints a unified diff of the changed line', () => {
    const diff = unifiedDiff(
      'GptTmpl.inf',
      windowsDefault,
      windowsDefault.replace('MinimumPasswordAge = 1', 'MinimumPasswordAge = 0'),
    );
    expect(diff).toContain('-MinimumPasswordAge = 1\n+MinimumPasswordAge = 0');
    expect(diff).toContain('@@');
  });
});
