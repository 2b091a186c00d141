import { describe, expect, it } from 'vitest';
import { defaultSysvolFolder } from '../../../main/steps/min-password-age/sysvol-folder';
import { defaultAdsync } from '../../../main/adsync/local-powershell';

describe('defaults cli.md gives on Windows', () => {
  it('--sysvol: the domain share \\\\<dnsDomain>\\SYSVOL\\<dnsDomain>, on Windows only', () => {
    expect(defaultSysvolFolder('DC=corp,DC=contoso,DC=com', 'win32')).toBe(
      '\\\\corp.contoso.com\\SYSVOL\\corp.contoso.com',
    );
    expect(defaultSysvolFolder('dc=contoso, dc=test', 'win32')).toBe(
      '\\\\contoso.test\\SYSVOL\\contoso.test',
    );
    // Not a domain naming context: no guess.
    expect(defaultSysvolFolder('OU=Staff,DC=contoso,DC=test', 'win32')).toBeUndefined();
    expect(defaultSysvolFolder('DC=contoso,DC=test', 'linux')).toBeUndefined();
  });

  it('--adsync: local where the ADSync module is installed, else none', () => {
    const module = 'C:\\Program Files\\Microsoft Azure AD Sync\\Bin\\ADSync\\ADSync.psd1';
    const seen: string[] = [];
    const exists = (path: string) => (seen.push(path), path === module);
    expect(defaultAdsync('win32', 'C:\\Program Files', exists)).toBe('local');
    expect(seen).toEqual([module]);
    expect(defaultAdsync('win32', 'C:\\Program Files', () => false)).toBe('none');
    expect(defaultAdsync('win32', undefined, () => true)).toBe('none');
    expect(defaultAdsync('linux', '/opt', () => true)).toBe('none');
  });
});
