/** Small idempotent LDAP helpers for the seed: add-if-missing, SID text, accounts with passwords. */
import { createHmac } from 'node:crypto';
import { Attribute, Change, NoSuchObjectError, TypeOrValueExistsError } from 'ldapts';
import type { Client } from 'ldapts';
import type { LabAccount } from '../../tests/lab/lab-env';
import { labDomain } from './paths';
import { unicodePwd } from './ldap';

/** userAccountControl bits (MS-ADTS 2.2.16). */
export const UAC = {
  ACCOUNTDISABLE: 0x2,
  PASSWD_NOTREQD: 0x20,
  NORMAL_ACCOUNT: 0x200,
  DONT_EXPIRE_PASSWORD: 0x10000,
} as const;

/** objectSid bytes (MS-DTYP 2.4.2.2) as S-1-… text. */
export function sidToString(bytes: Buffer): string {
  const revision = bytes.readUInt8(0);
  const count = bytes.readUInt8(1);
  const authority = bytes.readUIntBE(2, 6);
  const subs: number[] = [];
  for (let i = 0; i < count; i++) subs.push(bytes.readUInt32LE(8 + 4 * i));
  return ['S', revision, authority, ...subs].join('-');
}

/** A stable secret-derived value: re-seeding the same provisioning gives the same names/passwords. */
export function derive(secret: string, label: string): string {
  return createHmac('sha256', secret).update(label).digest('hex');
}

/** A password that meets AD complexity, stable per provisioning and account. */
export function labPassword(secret: string, sAMAccountName: string): string {
  const h = Buffer.from(derive(secret, `password:${sAMAccountName}`), 'hex');
  return `Lb7!${h.toString('base64url').slice(0, 16)}x`;
}

export async function exists(client: Client, dn: string): Promise<boolean> {
  try {
    await client.search(dn, { scope: 'base', attributes: ['1.1'] });
    return true;
  } catch (error) {
    if (error instanceof NoSuchObjectError) return false;
    throw error;
  }
}

export async function addIfMissing(
  client: Client,
  dn: string,
  attributes: Record<string, string | string[]>,
): Promise<boolean> {
  if (await exists(client, dn)) return false;
  await client.add(dn, attributes);
  return true;
}

export async function readSid(client: Client, dn: string): Promise<string> {
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes: ['objectSid'],
    explicitBufferAttributes: ['objectSid'],
  });
  const sid = searchEntries[0]?.objectSid;
  if (!Buffer.isBuffer(sid)) throw new Error(`${dn} has no objectSid`);
  return sidToString(sid);
}

export interface UserSpec {
  readonly parentDn: string;
  readonly cn: string;
  readonly sAMAccountName: string;
  readonly givenName?: string;
  readonly sn?: string;
  readonly description?: string;
  readonly userAccountControl?: number;
}

/** Creates a user with a password (LDAPS add with unicodePwd) unless it exists; returns it. */
export async function ensureUser(
  client: Client,
  secret: string,
  spec: UserSpec,
): Promise<LabAccount> {
  const dn = `CN=${spec.cn},${spec.parentDn}`;
  const password = labPassword(secret, spec.sAMAccountName);
  const userPrincipalName = `${spec.sAMAccountName}@${labDomain.dnsDomain}`;
  if (!(await exists(client, dn))) {
    const attributes = [
      new Attribute({
        type: 'objectClass',
        values: ['top', 'person', 'organizationalPerson', 'user'],
      }),
      new Attribute({ type: 'sAMAccountName', values: [spec.sAMAccountName] }),
      new Attribute({ type: 'userPrincipalName', values: [userPrincipalName] }),
      new Attribute({ type: 'displayName', values: [spec.cn] }),
      new Attribute({ type: 'unicodePwd', values: [unicodePwd(password)] }),
      new Attribute({
        type: 'userAccountControl',
        values: [String(spec.userAccountControl ?? UAC.NORMAL_ACCOUNT)],
      }),
    ];
    if (spec.givenName)
      attributes.push(new Attribute({ type: 'givenName', values: [spec.givenName] }));
    if (spec.sn) attributes.push(new Attribute({ type: 'sn', values: [spec.sn] }));
    if (spec.description) {
      attributes.push(new Attribute({ type: 'description', values: [spec.description] }));
    }
    await client.add(dn, attributes);
  }
  return {
    dn,
    sAMAccountName: spec.sAMAccountName,
    userPrincipalName,
    password,
    sid: await readSid(client, dn),
  };
}

export async function addMember(client: Client, groupDn: string, memberDn: string): Promise<void> {
  try {
    await client.modify(
      groupDn,
      new Change({
        operation: 'add',
        modification: new Attribute({ type: 'member', values: [memberDn] }),
      }),
    );
  } catch (error) {
    // ENTRY_ALREADY_EXISTS is Samba's answer for an existing member; both mean "already there".
    if (error instanceof TypeOrValueExistsError) return;
    if ((error as { code?: number }).code === 68) return;
    throw error;
  }
}

export async function replace(
  client: Client,
  dn: string,
  type: string,
  values: string[],
): Promise<void> {
  await client.modify(
    dn,
    new Change({ operation: 'replace', modification: new Attribute({ type, values }) }),
  );
}
