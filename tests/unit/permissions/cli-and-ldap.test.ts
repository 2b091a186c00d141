import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addFlags } from '../../../main/cli/options/flags';
import {
  toPermissionsOptions,
  type PermissionsCliOptions,
} from '../../../main/cli/options/permissions';
import { dsaclsEnableInheritance, dsaclsGrant } from '../../../main/steps/permissions/dsacls';
import { WRITEBACK_RIGHTS } from '../../../main/domain/writeback-rights';

function parse(args: string[]): PermissionsCliOptions {
  const command = addFlags(new Command('plan').exitOverride(), [
    'scope',
    'account',
    'includeAdminsdholder',
    'enableInheritance',
  ]);
  command.parse(args, { from: 'user' });
  return command.opts<PermissionsCliOptions>();
}

describe('plan options of the Permissions step', () => {
  it('takes repeated --scope and --enable-inheritance, and the opt-in switch', () => {
    const options = toPermissionsOptions(
      parse([
        '--scope',
        'OU=A,DC=contoso,DC=test',
        '--scope',
        'OU=B,DC=contoso,DC=test',
        '--enable-inheritance',
        'CN=U1,OU=A,DC=contoso,DC=test',
        '--enable-inheritance',
        'CN=U2,OU=B,DC=contoso,DC=test',
        '--include-adminsdholder',
        '--account',
        'MSOL_0123456789ab',
      ]),
    );
    expect(options.scopes).toEqual(['OU=A,DC=contoso,DC=test', 'OU=B,DC=contoso,DC=test']);
    expect(options.enableInheritance).toEqual([
      'CN=U1,OU=A,DC=contoso,DC=test',
      'CN=U2,OU=B,DC=contoso,DC=test',
    ]);
    expect(options.includeAdminSdHolder).toBe(true);
    expect(options.account).toBe('MSOL_0123456789ab');
  });

  it('--enable-inheritance all means every user with inheritance disabled; no opt-in by default', () => {
    expect(toPermissionsOptions(parse(['--enable-inheritance', 'all'])).enableInheritance).toBe(
      'all',
    );
    const none = toPermissionsOptions(parse([]));
    expect(none.includeAdminSdHolder).toBe(false);
    expect(none.enableInheritance).toBeUndefined();
    expect(none.scopes).toBeUndefined();
  });
});

describe('dsacls commands', () => {
  it('quotes DNs and names as cmd.exe needs', () => {
    const reset = WRITEBACK_RIGHTS.find((r) => r.id === 'reset-password')!;
    expect(
      dsaclsGrant('OU=Sales "EU",DC=contoso,DC=test', 'CONTOSO\\svc', reset, 'descendant-users'),
    ).toBe(
      'dsacls "OU=Sales ""EU"",DC=contoso,DC=test" /I:S /G "CONTOSO\\svc:CA;Reset Password;user"',
    );
    expect(dsaclsEnableInheritance('CN=A,DC=contoso,DC=test')).toBe(
      'dsacls "CN=A,DC=contoso,DC=test" /P:N',
    );
  });
});
