/**
 * The canary's refusals as the app shows them on Verify: the Test account field reads as the
 * place the admin types into, and a value the engine gives (the account's real UPN) is kept.
 * The directory here is a stand-in that answers the canary's user lookups only.
 */
import { describe, expect, it } from 'vitest';
import type { Directory } from '../../../main/directory/connect';
import type { DirectoryEntry, SearchOptions } from '../../../main/directory/directory';
import { wordsFor } from '../../../main/engine-api/words';
import { readCanaryAccount } from '../../../main/verify/canary-account';
import { toErrorInfo } from '../../../shared/errors';
import { sidToBytes } from '../../../shared/sd';

const baseDn = 'DC=contoso,DC=test';
const domainSid = 'S-1-5-21-1004336348-1177238915-682003330';

function user(sam: string, rid: number, upn?: string): DirectoryEntry {
  return {
    dn: `CN=${sam},CN=Users,${baseDn}`,
    values: {
      samaccountname: [sam],
      ...(upn === undefined ? {} : { userprincipalname: [upn] }),
      useraccountcontrol: ['512'],
    },
    bytes: { objectsid: [sidToBytes(`${domainSid}-${rid}`)] },
  };
}

/** Finds users by the one attribute=value the canary's filter asks for. */
function directoryOf(users: readonly DirectoryEntry[]): Directory {
  return {
    async *search(_base: string, options: SearchOptions) {
      const [, attribute, value] = /\((userPrincipalName|sAMAccountName)=([^)]*)\)/.exec(
        options.filter ?? '',
      )!;
      yield* users.filter((u) => u.values[attribute!.toLowerCase()]?.[0] === value);
    },
  } as unknown as Directory;
}

async function refusalOnVerify(users: readonly DirectoryEntry[], upn: string) {
  const error = await readCanaryAccount(directoryOf(users), baseDn, upn, undefined).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, upn).toBeDefined();
  return toErrorInfo(error, wordsFor('verify.canaryAccount'));
}

describe('the canary refusals read naturally on Verify', () => {
  const unnatural = /\b(with|as|:) Test account/;

  it('an unknown account: name another one in Test account', async () => {
    const info = await refusalOnVerify([], 'nobody@contoso.test');
    expect(info.fix).not.toMatch(unnatural);
    expect(info.fix).toBe(
      'Name an ordinary, enabled, synchronized test account in Test account on this page.',
    );
  });

  it('a built-in account: name an ordinary test user in Test account', async () => {
    const info = await refusalOnVerify(
      [user('Administrator', 500, 'Administrator@contoso.test')],
      'Administrator@contoso.test',
    );
    expect(info.fix).not.toMatch(unnatural);
    expect(info.fix).toContain('and name it in Test account on this page.');
  });

  it('a sAMAccountName: the fix keeps the UPN to type', async () => {
    const info = await refusalOnVerify([user('pete', 1105, 'pete@contoso.test')], 'CONTOSO\\pete');
    expect(info.fix).not.toMatch(unnatural);
    expect(info.fix).toBe(
      'Give its user principal name: type pete@contoso.test in Test account on this page.',
    );
  });

  it('no UPN at all: name it by its UPN in Test account', async () => {
    const info = await refusalOnVerify([user('nu', 1106)], 'nu@contoso.test');
    expect(info.fix).not.toMatch(unnatural);
    expect(info.fix).toContain('name it by that UPN in Test account on this page');
  });
});
