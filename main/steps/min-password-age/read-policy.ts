/**
 * Where the minimum password age comes from (docs/domain-facts.md §3): the domain head's minPwdAge,
 * every GPO linked at the domain root in precedence order with its GptTmpl.inf value from
 * SYSVOL, and every PSO with a minimum age and whom it applies to.
 */
import { fileProblem } from '../../platform/file-problem';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { Directory, DirectoryEntry } from '../../directory/directory';
import { text, texts } from '../../directory/entry';
import { dirname } from 'node:path';
import { WizardError } from '../../../shared/errors';
import { gptIniPath, readGptIniVersion } from '../../sysvol/gpt-ini';
import { gptTmplPath, readMinimumPasswordAge } from '../../sysvol/gpt-tmpl';
import { byPrecedence, parseGpLink, type GpoLink } from './gp-link';
import { field } from '../../../shared/fields';
import { wholeDays } from '../../domain/intervals';

export interface LinkedGpo extends GpoLink {
  readonly gpcDn: string;
  readonly displayName: string;
  /** GPC flags bit 1: the computer half is disabled, so its security settings do not apply. */
  readonly computerSettingsDisabled: boolean;
  readonly versionNumber: string;
  readonly machineExtensionNames: string;
  readonly gptTmplPath: string;
  readonly gptIniPath: string;
  /** GptTmpl.inf bytes, or undefined when the GPO has no security template. */
  readonly gptTmpl?: Buffer;
  readonly gptIni: Buffer;
  /** MinimumPasswordAge (days) the GPO sets, or undefined when it does not set it. */
  readonly minimumPasswordAgeDays?: number;
}

export interface PasswordSettingsObject {
  readonly dn: string;
  readonly name: string;
  /** msDS-MinimumPasswordAge as written (negative 100-ns units). */
  readonly minimumPasswordAge: string;
  readonly precedence: number;
  readonly appliesTo: readonly string[];
}

export interface PasswordPolicyState {
  readonly baseDn: string;
  readonly sysvol: string;
  /** The domain head's minPwdAge as written (negative 100-ns units; "0" = none). */
  readonly domainMinPwdAge: string;
  /** GPOs linked at the domain root, highest precedence first. */
  readonly gpos: readonly LinkedGpo[];
  /** The GPO whose MinimumPasswordAge wins, if any sets it. */
  readonly decidingGpo?: LinkedGpo;
  readonly psos: readonly PasswordSettingsObject[];
}

/** Whole days of a stored interval (minPwdAge, msDS-MinimumPasswordAge): domain/intervals.ts. */
export const daysOf = wholeDays;

export async function readPasswordPolicy(
  directory: Directory,
  baseDn: string,
  sysvol: string,
): Promise<PasswordPolicyState> {
  const head = await searchOne(directory, baseDn, ['minPwdAge', 'gPLink']);
  const domainMinPwdAge = text(head, 'minPwdAge') ?? '0';
  const links = byPrecedence(parseGpLink(text(head, 'gPLink') ?? '', baseDn));
  const gpos: LinkedGpo[] = [];
  for (const link of links) gpos.push(await readLinkedGpo(directory, link, sysvol));
  const decidingGpo = gpos.find(
    (gpo) =>
      gpo.enabled && !gpo.computerSettingsDisabled && gpo.minimumPasswordAgeDays !== undefined,
  );
  const psos: PasswordSettingsObject[] = [];
  for await (const entry of directory.search(`CN=Password Settings Container,CN=System,${baseDn}`, {
    scope: 'one',
    filter: '(objectClass=msDS-PasswordSettings)',
    attributes: [
      'cn',
      'msDS-MinimumPasswordAge',
      'msDS-PasswordSettingsPrecedence',
      'msDS-PSOAppliesTo',
    ],
  }))
    psos.push({
      dn: entry.dn,
      name: text(entry, 'cn') ?? entry.dn,
      minimumPasswordAge: text(entry, 'msDS-MinimumPasswordAge') ?? '0',
      precedence: Number(text(entry, 'msDS-PasswordSettingsPrecedence') ?? 0),
      appliesTo: [...texts(entry, 'msDS-PSOAppliesTo')],
    });
  psos.sort((a, b) => a.precedence - b.precedence);
  return { baseDn, sysvol, domainMinPwdAge, gpos, ...(decidingGpo ? { decidingGpo } : {}), psos };
}

async function readLinkedGpo(
  directory: Directory,
  link: GpoLink,
  sysvol: string,
): Promise<LinkedGpo> {
  const gpc = await searchOne(directory, link.dn, [
    'displayName',
    'flags',
    'versionNumber',
    'gPCMachineExtensionNames',
    'cn',
  ]);
  const guid = (text(gpc, 'cn') ?? link.guid).toUpperCase();
  const tmplPath = gptTmplPath(sysvol, guid);
  const iniPath = gptIniPath(sysvol, guid);
  const gptIni = await readSysvolFile(iniPath, true);
  readGptIniVersion(gptIni!, iniPath);
  const gptTmpl = await readSysvolFile(tmplPath, false);
  const minimumPasswordAgeDays = gptTmpl ? readMinimumPasswordAge(gptTmpl, tmplPath) : undefined;
  return {
    ...link,
    guid,
    gpcDn: gpc.dn,
    displayName: text(gpc, 'displayName') ?? guid,
    computerSettingsDisabled: (Number(text(gpc, 'flags') ?? 0) & 2) !== 0,
    versionNumber: text(gpc, 'versionNumber') ?? '0',
    machineExtensionNames: text(gpc, 'gPCMachineExtensionNames') ?? '',
    gptTmplPath: tmplPath,
    gptIniPath: iniPath,
    ...(gptTmpl ? { gptTmpl } : {}),
    gptIni: gptIni!,
    ...(minimumPasswordAgeDays === undefined ? {} : { minimumPasswordAgeDays }),
  };
}

async function readSysvolFile(path: string, required: boolean): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !required) return undefined;
    const policies = policiesFolder(path);
    // A missing Policies folder is a wrong (or unmounted) SYSVOL folder; only a GPO folder
    // missing from a real Policies folder points at SYSVOL replication.
    const wrongFolder = code === 'ENOENT' && policies !== undefined && !existsSync(policies);
    throw new WizardError(
      'sysvol-unreadable',
      wrongFolder
        ? `${dirname(policies)} is not the domain’s SYSVOL folder: it holds no Policies folder.`
        : `Cannot read ${path}: ${fileProblem(error)}.`,
      wrongFolder
        ? `Give as ${field('sysvol')} the folder of the domain’s SYSVOL share that holds Policies (\\\\contoso.com\\SYSVOL\\contoso.com on Windows; elsewhere that share mounted on this computer).`
        : code === 'ENOENT'
          ? 'The GPO is in the directory but its folder is missing from SYSVOL: check SYSVOL replication on the DCs (dcdiag /test:sysvolcheck), then read again.'
          : 'Run as an account that may read the GPO files in SYSVOL.',
      undefined,
      { cause: error },
    );
  }
}

async function searchOne(
  directory: Directory,
  dn: string,
  attributes: string[],
): Promise<DirectoryEntry> {
  const entry = await directory.read(dn, attributes);
  if (!entry)
    throw new WizardError(
      'ldap-missing',
      `${dn} was not found in the directory.`,
      `Check ${field('dc')} and the domain.`,
    );
  return entry;
}

/** <sysvol>/Policies for a path inside it, or undefined when the path has no Policies part. */
function policiesFolder(path: string): string | undefined {
  const parts = path.split(/[\\/]/);
  const at = parts.findIndex((part) => part.toLowerCase() === 'policies');
  if (at < 0) return undefined;
  return path.slice(0, parts.slice(0, at + 1).join('/').length);
}
