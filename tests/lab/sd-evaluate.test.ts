import { randomBytes } from 'node:crypto';
import { Attribute, Change, InsufficientAccessError, type Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addAce,
  evaluateAccess,
  fromSddl,
  parseGuid,
  parseSecurityDescriptor,
  parseSid,
  serializeSecurityDescriptor,
  withDacl,
  WritebackGuid,
  type AccessRequest,
  type AccessToken,
} from '../../shared/sd';
import { readLab, type LabAccount, type LabInfo } from './lab-env';
import { bindLab, SD_DACL, SdFlagsControl } from './oracle/sd-ldap';

/**
 * Ground truth for evaluateAccess: for every seeded scenario user, the evaluator's verdict
 * for the connector's token (its SID + tokenGroups) on Reset password, WP lockoutTime and
 * WP pwdLastSet must equal what the DC does when the connector tries them, before and after
 * the writeback grant on the domain root. The domain root's DACL is restored byte for byte.
 *
 * Passwords changed: every scenario user the connector may reset after the grant, except
 * scenarios.ordinaryUsers[0] (never reset here).
 */
type Right = 'reset' | 'lockoutTime' | 'pwdLastSet';
const RIGHTS: readonly Right[] = ['reset', 'lockoutTime', 'pwdLastSet'];
const REQUESTS: Record<Right, AccessRequest> = {
  reset: { kind: 'control-access', rightGuid: WritebackGuid.resetPassword },
  lockoutTime: { kind: 'write-property', attributeGuid: WritebackGuid.lockoutTime },
  pwdLastSet: { kind: 'write-property', attributeGuid: WritebackGuid.pwdLastSet },
};

const buffer = (value: unknown): Buffer | undefined =>
  (Array.isArray(value) ? value[0] : value) as Buffer | undefined;

async function readDacl(admin: Client, dn: string): Promise<Buffer> {
  const { searchEntries } = await admin.search(
    dn,
    {
      scope: 'base',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
    },
    new SdFlagsControl(SD_DACL),
  );
  const sd = buffer(searchEntries[0]?.['nTSecurityDescriptor']);
  if (!sd) throw new Error(`No nTSecurityDescriptor returned for ${dn}`);
  return sd;
}

async function writeDacl(admin: Client, dn: string, sd: Uint8Array): Promise<void> {
  await admin.modify(
    dn,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'nTSecurityDescriptor', values: [Buffer.from(sd)] }),
    }),
    new SdFlagsControl(SD_DACL),
  );
}

/** The connector's token as the DC computes it: its SID and tokenGroups. */
async function connectorToken(admin: Client, lab: LabInfo): Promise<AccessToken> {
  const { searchEntries } = await admin.search(lab.connector.dn, {
    scope: 'base',
    attributes: ['tokenGroups'],
    explicitBufferAttributes: ['tokenGroups'],
  });
  const groups = searchEntries[0]?.['tokenGroups'];
  const list = (Array.isArray(groups) ? groups : [groups]) as Buffer[];
  return {
    userSid: lab.connector.sid,
    groupSids: list.map((sid) => parseSid(new Uint8Array(sid))),
  };
}

/** attribute schemaIDGUID → attributeSecurityGUID, read from the live schema. */
async function propertySets(admin: Client, lab: LabInfo): Promise<Map<string, string>> {
  const { searchEntries } = await admin.search(`CN=Schema,CN=Configuration,${lab.baseDn}`, {
    scope: 'one',
    filter: '(|(lDAPDisplayName=lockoutTime)(lDAPDisplayName=pwdLastSet))',
    attributes: ['schemaIDGUID', 'attributeSecurityGUID'],
    explicitBufferAttributes: ['schemaIDGUID', 'attributeSecurityGUID'],
  });
  const map = new Map<string, string>();
  for (const entry of searchEntries) {
    const set = buffer(entry['attributeSecurityGUID']);
    if (set?.length === 16) {
      map.set(
        parseGuid(new Uint8Array(buffer(entry['schemaIDGUID'])!)),
        parseGuid(new Uint8Array(set)),
      );
    }
  }
  return map;
}

/**
 * Puts the domain root's DACL back to its exact original bytes, on a fresh connection (the
 * test's own may be broken), retrying while the DC is briefly unreachable; verifies by re-reading.
 */
async function restoreRootDacl(lab: LabInfo, original: Buffer): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    let client: Client | undefined;
    try {
      client = await bindLab(lab, lab.admin.dn, lab.admin.password);
      if (!(await readDacl(client, lab.baseDn)).equals(original))
        await writeDacl(client, lab.baseDn, original);
      if ((await readDacl(client, lab.baseDn)).equals(original)) return;
      lastError = new Error('the DACL read back differs from the original');
    } catch (error) {
      lastError = error;
    } finally {
      await client?.unbind().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(
    `The domain root DACL was NOT restored to its original bytes: ${String(lastError)}`,
  );
}

function strongPassword(): string {
  return `Wb-${randomBytes(18).toString('base64url')}-9aZ!`;
}

/** What the DC does when the connector tries: true = done, false = insufficientAccessRights. */
async function tryAsConnector(connector: Client, user: LabAccount, right: Right): Promise<boolean> {
  const modification =
    right === 'reset'
      ? new Attribute({
          type: 'unicodePwd',
          values: [Buffer.from(`"${strongPassword()}"`, 'utf16le')],
        })
      : right === 'lockoutTime'
        ? new Attribute({ type: 'lockoutTime', values: ['0'] })
        : new Attribute({ type: 'pwdLastSet', values: ['-1'] });
  try {
    await connector.modify(user.dn, new Change({ operation: 'replace', modification }));
    return true;
  } catch (error) {
    if (error instanceof InsufficientAccessError) return false;
    throw new Error(
      `${right} on ${user.sAMAccountName} failed for another reason than access: ${String(error)}`,
      { cause: error },
    );
  }
}

describe('evaluateAccess agrees with the lab DC for the connector account', () => {
  let lab: LabInfo;
  let admin: Client;
  let connector: Client;
  let token: AccessToken;
  let schema: Map<string, string>;
  let originalRootDacl: Buffer | undefined;
  let grantWritten = false;
  let users: LabAccount[];

  beforeAll(async () => {
    lab = readLab();
    admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
    connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
    token = await connectorToken(admin, lab);
    schema = await propertySets(admin, lab);
    originalRootDacl = await readDacl(admin, lab.baseDn);
    const s = lab.scenarios;
    users = [
      ...s.ordinaryUsers,
      s.inheritanceDisabledUser,
      s.protectedUser,
      s.staleAdminCountUser,
      s.cannotChangePasswordUser,
      ...s.restrictedUsers,
      ...s.psoUsers,
    ];
  });

  afterAll(async () => {
    await connector?.unbind().catch(() => undefined);
    await admin?.unbind().catch(() => undefined);
    if (grantWritten && originalRootDacl) await restoreRootDacl(lab, originalRootDacl);
  });

  async function compareAll(phase: string): Promise<Record<string, Record<Right, boolean>>> {
    const mismatches: string[] = [];
    const actual: Record<string, Record<Right, boolean>> = {};
    for (const user of users) {
      const sd = await readDacl(admin, user.dn);
      actual[user.sAMAccountName] = { reset: false, lockoutTime: false, pwdLastSet: false };
      for (const right of RIGHTS) {
        const verdict = evaluateAccess({
          token,
          sd: new Uint8Array(sd),
          objectClassGuid: WritebackGuid.userClass,
          schema,
          request: REQUESTS[right],
          objectSid: user.sid,
        });
        if (
          right === 'reset' &&
          user.sAMAccountName === lab.scenarios.ordinaryUsers[0]!.sAMAccountName
        ) {
          actual[user.sAMAccountName]![right] = verdict.granted; // never reset: other tests use this password
          continue;
        }
        const done = await tryAsConnector(connector, user, right);
        actual[user.sAMAccountName]![right] = done;
        if (done !== verdict.granted) {
          mismatches.push(
            `${phase} ${user.sAMAccountName} ${right}: DC ${done ? 'allowed' : 'refused'}, evaluator said ${verdict.reason}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    return actual;
  }

  it(
    'matches the DC before and after the writeback grant on the domain root',
    { timeout: 300_000 },
    async () => {
      const before = await compareAll('before grant');
      // Without the grant the connector can do none of it on any scenario user.
      expect(Object.values(before).some((rights) => rights.reset)).toBe(false);

      const root = parseSecurityDescriptor(new Uint8Array(originalRootDacl!));
      let dacl = root.dacl!;
      for (const objectType of [
        WritebackGuid.resetPassword,
        WritebackGuid.lockoutTime,
        WritebackGuid.pwdLastSet,
      ]) {
        const right = objectType === WritebackGuid.resetPassword ? 'CR' : 'WP';
        const grant = fromSddl(
          `D:(OA;CIIO;${right};${objectType};${WritebackGuid.userClass};${lab.connector.sid})`,
        ).dacl!.aces[0]!;
        dacl = addAce(dacl, grant);
      }
      grantWritten = true; // set first: the write may land even if its response is lost
      await writeDacl(admin, lab.baseDn, serializeSecurityDescriptor(withDacl(root, dacl)));

      const after = await compareAll('after grant');
      console.info('Property sets from the schema:', Object.fromEntries(schema));
      console.info('What the connector could do after the grant (DC and evaluator agree):', after);
      const s = lab.scenarios;
      // The scenarios behave as domain-facts §2 says; the evaluator agreed on each above.
      expect(after[s.ordinaryUsers[1]!.sAMAccountName]).toEqual({
        reset: true,
        lockoutTime: true,
        pwdLastSet: true,
      });
      expect(after[s.inheritanceDisabledUser.sAMAccountName]?.reset).toBe(false);
      expect(after[s.protectedUser.sAMAccountName]?.reset).toBe(false);
      expect(after[s.restrictedUsers[0]!.sAMAccountName]?.reset).toBe(false);
      expect(after[s.cannotChangePasswordUser.sAMAccountName]?.reset).toBe(true);
    },
  );
});
