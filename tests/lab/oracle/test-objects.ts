/**
 * Objects a lab test creates for itself (users, groups, PSOs in its own OU or the Password
 * Settings Container) and removes afterwards, newest first, so the seeded domain everybody
 * shares is left as it was.
 */
import { Attribute, Change, type Client } from 'ldapts';
import { connectDirectory, type Directory } from '../../../main/directory/connect';
import { strongPassword, unicodePwd } from './connector-tries';

type Values = string | readonly string[] | readonly Buffer[];

/** A PSO's mandatory settings, permissive: no minimum age, no lockout, no expiry. */
const permissivePso: Record<string, string> = {
  'msDS-PasswordReversibleEncryptionEnabled': 'FALSE',
  'msDS-PasswordHistoryLength': '0',
  'msDS-PasswordComplexityEnabled': 'FALSE',
  'msDS-MinimumPasswordLength': '0',
  'msDS-MinimumPasswordAge': '0',
  'msDS-MaximumPasswordAge': '-9223372036854775808',
  'msDS-LockoutThreshold': '0',
  'msDS-LockoutObservationWindow': '-18000000000',
  'msDS-LockoutDuration': '-18000000000',
};

export class TestObjects {
  private readonly created: string[] = [];

  constructor(
    private readonly admin: Client,
    private readonly baseDn: string,
  ) {}

  async add(dn: string, attributes: Record<string, Values>): Promise<string> {
    await this.admin.add(
      dn,
      Object.entries(attributes).map(
        ([type, values]) =>
          new Attribute({
            type,
            values: typeof values === 'string' ? [values] : (values.slice() as string[] | Buffer[]),
          }),
      ),
    );
    this.created.push(dn);
    return dn;
  }

  /** An enabled user (userAccountControl 512 unless `extra` says otherwise) with a password. */
  user(
    parentDn: string,
    cn: string,
    sAMAccountName: string,
    extra: Record<string, Values> = {},
  ): Promise<string> {
    return this.add(`CN=${cn},${parentDn}`, {
      objectClass: ['top', 'person', 'organizationalPerson', 'user'],
      sAMAccountName: sAMAccountName.slice(0, 20),
      unicodePwd: [unicodePwd(strongPassword())],
      userAccountControl: '512',
      ...extra,
    });
  }

  group(parentDn: string, cn: string, sAMAccountName: string, groupType: number): Promise<string> {
    return this.add(`CN=${cn},${parentDn}`, {
      objectClass: ['top', 'group'],
      sAMAccountName: sAMAccountName.slice(0, 20),
      groupType: String(groupType | 0),
    });
  }

  /** A PSO in the Password Settings Container: permissive but for `settings`. */
  pso(
    cn: string,
    precedence: number,
    appliesTo: readonly string[],
    settings: Record<string, string> = {},
  ): Promise<string> {
    return this.add(`CN=${cn},CN=Password Settings Container,CN=System,${this.baseDn}`, {
      objectClass: ['top', 'msDS-PasswordSettings'],
      'msDS-PasswordSettingsPrecedence': String(precedence),
      ...permissivePso,
      ...settings,
      'msDS-PSOAppliesTo': appliesTo,
    });
  }

  /** Adds a member to a group (the membership goes when the member is deleted). */
  async addMember(groupDn: string, memberDn: string): Promise<void> {
    await this.admin.modify(
      groupDn,
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [memberDn] }),
      }),
    );
  }

  /** Deletes everything added, newest first (children before their OU). */
  async removeAll(): Promise<void> {
    for (const dn of this.created.splice(0).reverse()) {
      await this.admin.del(dn).catch(() => undefined);
    }
  }
}

/** The engine's own door to the lab, bound as the lab's admin (the caller closes it). */
export function adminDirectory(lab: {
  readonly url: string;
  readonly caPem: string;
  readonly admin: { readonly userPrincipalName: string; readonly password: string };
}): Promise<Directory> {
  return connectDirectory({
    url: lab.url,
    bindUser: lab.admin.userPrincipalName,
    password: lab.admin.password,
    caPem: lab.caPem,
  });
}

/** Objects of a test of its own, starting with the OU they live in. */
export async function testObjectsInOu(
  admin: Client,
  baseDn: string,
  ou: string,
): Promise<TestObjects> {
  const objects = new TestObjects(admin, baseDn);
  await objects.add(ou, { objectClass: ['top', 'organizationalUnit'] });
  return objects;
}
