/**
 * The seed: what admins meet in real domains (docs/domain-facts.md §2), idempotent, recorded in
 * lab.json as LabScenarios. Objects are created over LDAPS as the domain Administrator; DACLs
 * are edited with Samba's own SDDL codec on the local sam.ldb; the PSO with samba-tool.
 */
import type { Client } from 'ldapts';
import type { LabAccount, LabConnector, LabScenarios } from '../../tests/lab/lab-env';
import { editDacls, rightsGuid } from './acl';
import { countBulkUsers } from './bulk';
import {
  UAC,
  addIfMissing,
  addMember,
  derive,
  ensureUser,
  exists,
  readSid,
  replace,
} from './directory';
import { boundClient } from './ldap';
import { labDomain, labPaths } from './paths';
import { run } from './run';
import { seedPasswordPolicyGpos } from './seed-gpo';
import { readState, updateState } from './state';

export { seedBulkUsers } from './bulk';

const base = labDomain.baseDn;
const ous = {
  corp: `OU=Corp,${base}`,
  users: `OU=Users,OU=Corp,${base}`,
  staff: `OU=Staff,OU=Corp,${base}`,
  service: `OU=Service,OU=Corp,${base}`,
  restricted: `OU=Restricted,OU=Corp,${base}`,
};
export const bulkOu = `OU=Bulk,${base}`;
const usersContainer = `CN=Users,${base}`;
const domainAdmins = `CN=Domain Admins,CN=Users,${base}`;
const adminSdHolder = `CN=AdminSDHolder,CN=System,${base}`;
const tenant = 'contosolab';

const people: [string, string, string][] = [
  // [given name, surname, OU key]
  ['Alice', 'Adams', 'users'],
  ['Bruno', 'Baker', 'users'],
  ['Chloe', 'Chen', 'users'],
  ['Diego', 'Diaz', 'users'],
  ['Emma', 'Evans', 'users'],
  ['Farid', 'Farouk', 'users'],
  ['Grace', 'Green', 'staff'],
  ['Hiro', 'Hayashi', 'staff'],
  ['Ines', 'Ito', 'staff'],
  ['Jonas', 'Jensen', 'staff'],
];

function person(given: string, surname: string, parentDn: string, description?: string) {
  const sAMAccountName = `${given}.${surname}`.toLowerCase();
  return {
    parentDn,
    cn: `${given} ${surname}`,
    sAMAccountName,
    givenName: given,
    sn: surname,
    description,
  };
}

/** AD Connect's description of the account its express install creates. */
function connectorDescription(installationId: string, computer: string): string {
  return (
    `Account created by Microsoft Azure Active Directory Connect with installation identifier ${installationId} ` +
    `running on computer ${computer} configured to synchronize to tenant ${tenant}.onmicrosoft.com. ` +
    'This account must have directory replication permissions in the local Active Directory and write ' +
    'permission on certain attributes to enable Hybrid Deployment.'
  );
}

async function ensureConnector(
  client: Client,
  secret: string,
  label: string,
  computerName: string,
  enabled: boolean,
): Promise<LabConnector> {
  const hex = derive(secret, label);
  const sAMAccountName = `MSOL_${hex.slice(0, 12)}`;
  const installationId = hex.slice(12, 44);
  const description = connectorDescription(installationId, computerName);
  const userAccountControl =
    UAC.NORMAL_ACCOUNT | UAC.DONT_EXPIRE_PASSWORD | (enabled ? 0 : UAC.ACCOUNTDISABLE);
  const account = await ensureUser(client, secret, {
    parentDn: usersContainer,
    cn: sAMAccountName,
    sAMAccountName,
    description,
    userAccountControl,
  });
  return { ...account, description, installationId, computerName, tenant, enabled };
}

async function ensurePso(client: Client, groupDn: string): Promise<LabScenarios['pso']> {
  const name = 'PSO-Finance-MinAge';
  const dn = `CN=${name},CN=Password Settings Container,CN=System,${base}`;
  const local = ['-H', labPaths.samLdb, '-s', labPaths.smbConf];
  if (!(await exists(client, dn))) {
    await run('samba-tool', [
      'domain',
      'passwordsettings',
      'pso',
      'create',
      name,
      '10',
      '--min-pwd-age=3',
      ...local,
    ]);
  }
  const { searchEntries } = await client.search(dn, {
    scope: 'base',
    attributes: ['msDS-PSOAppliesTo'],
  });
  const applied = [searchEntries[0]?.['msDS-PSOAppliesTo'] ?? []].flat().map(String);
  if (!applied.some((d) => d.toLowerCase() === groupDn.toLowerCase())) {
    await run('samba-tool', [
      'domain',
      'passwordsettings',
      'pso',
      'apply',
      name,
      'Finance-Approvers',
      ...local,
    ]);
  }
  return { dn, name, minAgeDays: 3, precedence: 10, appliesTo: [groupDn] };
}

export async function seedLab(log: (line: string) => void): Promise<void> {
  const state = readState();
  if (!state) throw new Error('The lab is not provisioned. Run: npm run lab -- up');
  const secret = state.passwordSecret;
  const client = await boundClient(state.admin.dn, state.admin.password);
  try {
    log('seeding OUs, accounts and groups…');
    await addIfMissing(client, ous.corp, { objectClass: ['top', 'organizationalUnit'] });
    for (const key of ['users', 'staff', 'service', 'restricted'] as const) {
      await addIfMissing(client, ous[key], { objectClass: ['top', 'organizationalUnit'] });
    }
    await addIfMissing(client, bulkOu, { objectClass: ['top', 'organizationalUnit'] });

    const connector = await ensureConnector(client, secret, 'connector:current', 'AADC01', true);
    const staleConnector = await ensureConnector(
      client,
      secret,
      'connector:earlier',
      'SYNC-OLD',
      false,
    );

    const ordinaryUsers: LabAccount[] = [];
    for (const [given, surname, ou] of people) {
      ordinaryUsers.push(
        await ensureUser(client, secret, person(given, surname, ous[ou as 'users' | 'staff'])),
      );
    }
    const inheritanceDisabledUser = await ensureUser(
      client,
      secret,
      person('Nadia', 'Noinherit', ous.staff, 'Inheritance disabled on the Security tab'),
    );
    const protectedUser = await ensureUser(
      client,
      secret,
      person('Paul', 'Admin', ous.users, 'Domain admin (adminCount=1, SDProp DACL)'),
    );
    const staleAdminCountUser = await ensureUser(
      client,
      secret,
      person('Sara', 'Former', ous.users, 'Was a Domain Admin; adminCount=1 left behind'),
    );
    const cannotChangePasswordUser = await ensureUser(client, secret, {
      ...person('Kiosk', 'Frontdesk', ous.service, 'User cannot change password'),
      sAMAccountName: 'svc.kiosk',
    });
    const restrictedUsers: LabAccount[] = [];
    for (const [given, surname] of [
      ['Rita', 'Reyes'],
      ['Rolf', 'Ruiz'],
      ['Ruth', 'Ross'],
    ] as const) {
      restrictedUsers.push(
        await ensureUser(client, secret, person(given, surname, ous.restricted)),
      );
    }
    const psoUsers: LabAccount[] = [];
    for (const [given, surname] of [
      ['Fiona', 'Finch'],
      ['Felix', 'Ford'],
    ] as const) {
      psoUsers.push(await ensureUser(client, secret, person(given, surname, ous.staff)));
    }
    const psoGroupDn = `CN=Finance-Approvers,${ous.corp}`;
    await addIfMissing(client, psoGroupDn, {
      objectClass: ['top', 'group'],
      sAMAccountName: 'Finance-Approvers',
      // Global security group (MS-ADTS 2.2.12: GLOBAL_GROUP | SECURITY_ENABLED).
      groupType: String(0x80000002 | 0),
      description: 'Finance approvers: fine-grained password policy with a minimum age',
    });
    for (const user of psoUsers) await addMember(client, psoGroupDn, user.dn);
    await addMember(client, domainAdmins, protectedUser.dn);
    // SDProp's marks (Samba does not run SDProp: MS-ADTS 3.1.1.6.1).
    await replace(client, protectedUser.dn, 'adminCount', ['1']);
    await replace(client, staleAdminCountUser.dn, 'adminCount', ['1']);

    log('seeding DACLs (protected, deny, SDProp stamps)…');
    const cr = rightsGuid;
    await editDacls([
      { op: 'protect', dn: inheritanceDisabledUser.dn },
      { op: 'copyProtected', dn: protectedUser.dn, from: adminSdHolder },
      { op: 'copyProtected', dn: staleAdminCountUser.dn, from: adminSdHolder },
      // What ADUC writes for "User cannot change password": Deny Change Password, Everyone and SELF.
      {
        op: 'addAces',
        dn: cannotChangePasswordUser.dn,
        aces: [`(OD;;CR;${cr.changePassword};;WD)`, `(OD;;CR;${cr.changePassword};;PS)`],
      },
      // An OU whose admins deny the connector Reset password on its users (docs/domain-facts.md §2.7).
      {
        op: 'addAces',
        dn: ous.restricted,
        aces: [`(OD;CIIO;CR;${cr.resetPassword};${cr.userClass};${connector.sid})`],
      },
      // AD Connect's express install grants replication rights (password hash sync), not writeback.
      {
        op: 'addAces',
        dn: base,
        aces: [
          `(OA;;CR;${cr.replicatingDirectoryChanges};;${connector.sid})`,
          `(OA;;CR;${cr.replicatingDirectoryChangesAll};;${connector.sid})`,
        ],
      },
    ]);

    log('seeding the PSO and the password policy GPOs…');
    const pso = await ensurePso(client, psoGroupDn);
    const gpos = await seedPasswordPolicyGpos(client, secret);
    // The files written above get the NT ACLs their GPOs' DS ACLs call for (as GPMC leaves them).
    await run('samba-tool', ['ntacl', 'sysvolreset', '-s', labPaths.smbConf]);
    const bulkCount = await countBulkUsers(client);

    const scenarios: LabScenarios = {
      ous,
      ordinaryUsers,
      inheritanceDisabledUser,
      protectedUser,
      staleAdminCountUser,
      cannotChangePasswordUser,
      restrictedOu: ous.restricted,
      restrictedUsers,
      pso,
      psoUsers,
      psoGroup: {
        dn: psoGroupDn,
        sAMAccountName: 'Finance-Approvers',
        sid: await readSid(client, psoGroupDn),
      },
      defaultDomainPolicy: gpos.defaultDomainPolicy,
      outrankingGpo: gpos.outrankingGpo,
      domainMinPwdAge: gpos.domainMinPwdAge,
      bulkOu,
      bulkCount,
    };
    updateState((s) => ({ ...s, connector, staleConnector, scenarios }));
  } finally {
    await client.unbind();
  }
}
