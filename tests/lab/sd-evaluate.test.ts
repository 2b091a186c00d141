import type { Client } from 'ldapts';
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
import { tryAsConnector, type WritebackRight } from './oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl, writeDacl } from './oracle/sd-ldap';

/**
 * Ground truth for evaluateAccess: for every seeded scenario user, the evaluator's verdict
 * for the connector's token (its SID + tokenGroups) on Reset password, WP lockoutTime and
 * WP pwdLastSet must equal what the DC does when the connector tries them, before and after
 * the writeback grant on the domain root. The domain root's DACL is restored byte for byte.
 *
 * Passwords changed: every scenario user the connector may reset after the grant, except
 * scenarios.ordinaryUsers[0] (never reset here).
 */
type Right = WritebackRight;
const RIGHTS: readonly Right[] = ['reset', 'lockoutTime', 'pwdLastSet'];
const REQUESTS: Record<Right, AccessRequest> = {
  reset: { kind: 'control-access', rightGuid: WritebackGuid.resetPassword },
  lockoutTime: { kind: 'write-property', attributeGuid: WritebackGuid.lockoutTime },
  pwdLastSet: { kind: 'write-property', attributeGuid: WritebackGuid.pwdLastSet },
};

const buffer = (value: unknown): Buffer | undefined =>
  (Array.isArray(value) ? value[0] : value) as Buffer | undefined;

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
        const done = await tryAsConnector(connector, user.dn, right);
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
      // The scenarios behave as docs/domain-facts.md §2 says; the evaluator agreed on each above.
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
