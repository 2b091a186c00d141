/**
 * Password policy as Windows domains have it (docs/domain-facts.md §3): the Default Domain Policy's
 * GptTmpl.inf with Windows' defaults (Samba's provision leaves it absent), and a second GPO
 * linked at the domain root with link order 1 that sets MinimumPasswordAge = 2. GPT.INI
 * Version, the GPC's versionNumber and gPCMachineExtensionNames are kept consistent, and the
 * domain head's minPwdAge matches the winning GPO.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import type { LabGpo } from '../../tests/lab/lab-env';
import { addIfMissing, derive, replace } from './directory';
import { labDomain, labPaths } from './paths';

export const defaultDomainPolicyGuid = '{31B2F340-016D-11D2-945F-00C04FB984F9}';
const policiesDn = `CN=Policies,CN=System,${labDomain.baseDn}`;
const oneDay = 864_000_000_000n; // 100-ns intervals

/** [Security CSE][Security editor]: present on any GPO with a GptTmpl.inf (docs/domain-facts.md §3). */
const securityExtensionPair =
  '[{827D319E-6EAC-11D2-A4EA-00C04F79F83A}{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}]';
/** What a Windows Default Domain Policy carries: EFS recovery, security, registry (sorted by CSE GUID). */
const defaultDomainPolicyExtensions =
  '[{35378EAC-683F-11D2-A89A-00C04FBBCFA2}{53D6AB1B-2488-11D1-A28C-00C04FB94F17}]' +
  securityExtensionPair +
  '[{B1BE8D72-6EAC-11D2-A4EA-00C04F79F83A}{53D6AB1B-2488-11D1-A28C-00C04FB94F17}]';

/** A GptTmpl.inf as Windows writes it: UTF-16LE with BOM, CRLF. */
function gptTmpl(minimumPasswordAge: number, full: boolean): Buffer {
  const lines = [
    '[Unicode]',
    'Unicode=yes',
    '[System Access]',
    `MinimumPasswordAge = ${minimumPasswordAge}`,
  ];
  if (full) {
    lines.push(
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
      'MaxRenewAge = 7',
      'MaxServiceAge = 600',
      'MaxClockSkew = 5',
      'TicketValidateClient = 1',
      '[Registry Values]',
      'MACHINE\\System\\CurrentControlSet\\Control\\Lsa\\NoLMHash=4,1',
    );
  }
  lines.push('[Version]', 'signature="$CHICAGO$"', 'Revision=1', '');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
}

function gpoFolder(guid: string): string {
  return join(labPaths.sysvol, 'Policies', guid);
}

function readGptIniVersion(path: string): number {
  if (!existsSync(path)) return 0;
  const match = /^Version=(\d+)/m.exec(readFileSync(path, 'latin1'));
  return match ? Number(match[1]) : 0;
}

/**
 * Writes GptTmpl.inf (when it differs), bumps the computer half of the version (lower 16 bits;
 * 0 after a wrap becomes 1) and writes the same version to GPT.INI and versionNumber.
 */
async function writePolicy(
  client: Client,
  guid: string,
  displayName: string | undefined,
  content: Buffer,
  extensions: string,
): Promise<{ version: number; gptTmplPath: string; gptIniPath: string }> {
  const folder = gpoFolder(guid);
  const secEdit = join(folder, 'MACHINE', 'Microsoft', 'Windows NT', 'SecEdit');
  const gptTmplPath = join(secEdit, 'GptTmpl.inf');
  const gptIniPath = join(folder, 'GPT.INI');
  mkdirSync(secEdit, { recursive: true });
  mkdirSync(join(folder, 'USER'), { recursive: true });
  let version = readGptIniVersion(gptIniPath);
  const same = existsSync(gptTmplPath) && readFileSync(gptTmplPath).equals(content);
  if (!same || version === 0) {
    writeFileSync(gptTmplPath, content);
    const user = version >>> 16;
    let computer = ((version & 0xffff) + 1) & 0xffff;
    if (computer === 0) computer = 1;
    version = ((user << 16) | computer) >>> 0;
    const ini = ['[General]', `Version=${version}`];
    if (displayName) ini.push(`displayName=${displayName}`);
    writeFileSync(gptIniPath, `${ini.join('\r\n')}\r\n`);
  }
  const dn = `CN=${guid},${policiesDn}`;
  await replace(client, dn, 'versionNumber', [String(version)]);
  await replace(client, dn, 'gPCMachineExtensionNames', [extensions]);
  return { version, gptTmplPath, gptIniPath };
}

/** The gPLink entries in string order; link order 1 is the last one. */
export function gpLinkEntries(gPLink: string): { dn: string; options: number }[] {
  return [...gPLink.matchAll(/\[LDAP:\/\/([^;\]]+);(\d+)\]/gi)].map((m) => ({
    dn: m[1]!,
    options: Number(m[2]),
  }));
}

export async function seedPasswordPolicyGpos(
  client: Client,
  secret: string,
): Promise<{ defaultDomainPolicy: LabGpo; outrankingGpo: LabGpo; domainMinPwdAge: string }> {
  const ddp = await writePolicy(
    client,
    defaultDomainPolicyGuid,
    undefined,
    gptTmpl(1, true),
    defaultDomainPolicyExtensions,
  );

  // The outranking GPO: GUID stable per provisioning, created as GPMC would (GPC + GPT).
  const h = derive(secret, 'gpo:password-policy').toUpperCase();
  const guid = `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
  const name = labDomain.passwordPolicyName;
  const gpcDn = `CN=${guid},${policiesDn}`;
  await addIfMissing(client, gpcDn, {
    objectClass: ['top', 'container', 'groupPolicyContainer'],
    displayName: name,
    gPCFileSysPath: `\\\\${labDomain.dnsDomain}\\SysVol\\${labDomain.dnsDomain}\\Policies\\${guid}`,
    gPCFunctionalityVersion: '2',
    flags: '0',
    versionNumber: '0',
  });
  await addIfMissing(client, `CN=Machine,${gpcDn}`, { objectClass: ['top', 'container'] });
  await addIfMissing(client, `CN=User,${gpcDn}`, { objectClass: ['top', 'container'] });
  const outranking = await writePolicy(
    client,
    guid,
    name,
    gptTmpl(2, false),
    securityExtensionPair,
  );

  // Link it at the domain root with link order 1: the last entry of gPLink.
  const { searchEntries } = await client.search(labDomain.baseDn, {
    scope: 'base',
    attributes: ['gPLink'],
  });
  const current = String(searchEntries[0]?.gPLink ?? '');
  const others = gpLinkEntries(current).filter((e) => !e.dn.toUpperCase().includes(guid));
  const links = [
    ...others.map((e) => `[LDAP://${e.dn};${e.options}]`),
    `[LDAP://cn=${guid},cn=policies,cn=system,${labDomain.baseDn};0]`,
  ];
  if (links.join('') !== current)
    await replace(client, labDomain.baseDn, 'gPLink', [links.join('')]);
  const entries = gpLinkEntries(links.join(''));
  const linkOrder = (g: string): number =>
    entries.length - entries.findIndex((e) => e.dn.toUpperCase().includes(g.toUpperCase()));

  // The PDC writes minPwdAge from the winning GPO: 2 days.
  const domainMinPwdAge = String(-2n * oneDay);
  await replace(client, labDomain.baseDn, 'minPwdAge', [domainMinPwdAge]);

  return {
    defaultDomainPolicy: {
      guid: defaultDomainPolicyGuid,
      name: 'Default Domain Policy',
      dn: `CN=${defaultDomainPolicyGuid},${policiesDn}`,
      gptTmplPath: ddp.gptTmplPath,
      gptIniPath: ddp.gptIniPath,
      minAgeDays: 1,
      linkOrder: linkOrder(defaultDomainPolicyGuid),
      version: ddp.version,
    },
    outrankingGpo: {
      guid,
      name,
      dn: gpcDn,
      gptTmplPath: outranking.gptTmplPath,
      gptIniPath: outranking.gptIniPath,
      minAgeDays: 2,
      linkOrder: linkOrder(guid),
      version: outranking.version,
    },
    domainMinPwdAge,
  };
}
