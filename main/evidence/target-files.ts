/**
 * One target of a run in the evidence pack: its before and after as the admin reads them (SDDL,
 * file text, attribute values, a Connect switch), the before-image the run journaled, and the
 * exact commands that put the before-image back by hand, without this tool.
 */
import type { Operation } from '../../shared/plan';
import { describeTarget } from '../../shared/plan';
import { psQuote } from '../adsync/powershell-runner';

export interface TargetFiles {
  /** Folder inside the pack, e.g. `targets/01-security-descriptor`. */
  readonly folder: string;
  readonly files: ReadonlyMap<string, Buffer>;
  /** Markdown: how to restore this target by hand (empty when it was never written). */
  readonly rollbackByHand: string;
}

/** SD flags control, DACL only (BER SEQUENCE { INTEGER 4 }), as ldapmodify's -e takes it. */
const daclOnlyControl = '!1.2.840.113556.1.4.801=::MAMCAQQ=';

const text = (value: string): Buffer => Buffer.from(value.endsWith('\n') ? value : value + '\n');

/** LDIF (RFC 2849) SAFE-STRING, made stricter: printable ASCII only, else the value goes base64. */
const safeString = /^[!-9;=-~][ -~]*$/;

function ldifDn(dn: string): string {
  return safeString.test(dn) && !dn.endsWith(' ')
    ? `dn: ${dn}`
    : `dn:: ${Buffer.from(dn, 'utf8').toString('base64')}`;
}

function ldifValue(attribute: string, value: string): string {
  return safeString.test(value) && !value.endsWith(' ')
    ? `${attribute}: ${value}`
    : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}

type Add = (name: string, bytes: Buffer) => void;

/** Per kind: the before/after files, and the commands that restore `before` (if journaled). */
type KindFiles<K extends Operation['kind']> = (
  operation: Extract<Operation, { kind: K }>,
  before: Extract<Operation, { kind: K }>['before'] | undefined,
  add: Add,
  folder: string,
) => string[];

const securityDescriptorFiles: KindFiles<'security-descriptor'> = (
  operation,
  before,
  add,
  folder,
) => {
  add('plan-before.sddl', text(operation.before.sddl));
  add('plan-after.sddl', text(operation.after.sddl));
  if (before === undefined) return [];
  add('journal-before.sddl', text(before.sddl));
  add(
    'rollback.ldif',
    text(
      [
        ldifDn(operation.target),
        'changetype: modify',
        'replace: nTSecurityDescriptor',
        `nTSecurityDescriptor:: ${before.base64}`,
        '-',
        '',
      ].join('\n'),
    ),
  );
  const path = psQuote(`AD:${operation.target}`);
  return [
    'On a Windows machine with the ActiveDirectory module (DACL only):',
    `    Import-Module ActiveDirectory; $acl = Get-Acl -Path ${path}; $acl.SetSecurityDescriptorSddlForm(${psQuote(before.sddl)}, 'Access'); Set-Acl -Path ${path} -AclObject $acl`,
    'Or with OpenLDAP (the SD flags control writes the DACL only):',
    `    ldapmodify -H ldaps://<dc> -D <admin> -W -e '${daclOnlyControl}' -f ${folder}/rollback.ldif`,
  ];
};

const attributeFiles: KindFiles<'attribute'> = (operation, before, add, folder) => {
  add('plan-before.txt', text(operation.before.join('\n')));
  add('plan-after.txt', text(operation.after.join('\n')));
  if (before === undefined) return [];
  add('journal-before.txt', text(before.join('\n')));
  add(
    'rollback.ldif',
    text(
      [
        ldifDn(operation.target),
        'changetype: modify',
        `replace: ${operation.attribute}`,
        ...before.map((v) => ldifValue(operation.attribute, v)),
        '-',
        '',
      ].join('\n'),
    ),
  );
  const identity = psQuote(operation.target);
  const name = psQuote(operation.attribute);
  return [
    before.length === 0
      ? `    Set-ADObject -Identity ${identity} -Clear ${name}`
      : `    Set-ADObject -Identity ${identity} -Replace @{ ${name} = @(${before.map((v) => psQuote(v)).join(', ')}) }`,
    'Or with OpenLDAP:',
    `    ldapmodify -H ldaps://<dc> -D <admin> -W -f ${folder}/rollback.ldif`,
  ];
};

const fileFiles: KindFiles<'file'> = (operation, before, add, folder) => {
  add('plan-before.txt', text(operation.before.text));
  add('plan-after.txt', text(operation.after.text));
  if (before === undefined) return [];
  add('journal-before.bin', Buffer.from(before.base64, 'base64'));
  return [
    "Copy the exact bytes back over the file (its ACL stays the file's own):",
    `    Copy-Item -LiteralPath ${psQuote(`${folder}/journal-before.bin`)} -Destination ${psQuote(operation.target)} -Force`,
    `    cp ${folder}/journal-before.bin '${operation.target.replace(/'/g, "'\\''")}'`,
  ];
};

const adsyncSettingFiles: KindFiles<'adsync-setting'> = (operation, before, add) => {
  add('plan-before.json', text(JSON.stringify(operation.before)));
  add('plan-after.json', text(JSON.stringify(operation.after)));
  if (before === undefined) return [];
  add('journal-before.json', text(JSON.stringify(before)));
  return [
    `On the Connect server (${operation.adsync}), as an ADSyncAdmins member:`,
    `    ${operation.rollbackPowershell}`,
  ];
};

function kindFiles(operation: Operation, before: unknown, add: Add, folder: string): string[] {
  switch (operation.kind) {
    case 'security-descriptor':
      return securityDescriptorFiles(
        operation,
        before as typeof operation.before | undefined,
        add,
        folder,
      );
    case 'attribute':
      return attributeFiles(operation, before as typeof operation.before | undefined, add, folder);
    case 'file':
      return fileFiles(operation, before as typeof operation.before | undefined, add, folder);
    case 'adsync-setting':
      return adsyncSettingFiles(
        operation,
        before as typeof operation.before | undefined,
        add,
        folder,
      );
  }
}

/**
 * The files and the by-hand rollback of operation `index`. `journaledBefore` is the image read
 * just before the write (undefined when the run never reached this target).
 */
export function targetFiles(
  operation: Operation,
  index: number,
  state: string,
  journaledBefore: unknown,
): TargetFiles {
  const folder = `targets/${String(index + 1).padStart(2, '0')}-${operation.kind}`;
  const files = new Map<string, Buffer>();
  const add: Add = (name, bytes) => files.set(`${folder}/${name}`, bytes);
  add(
    'operation.json',
    text(JSON.stringify({ state, described: describeTarget(operation), ...operation }, null, 2)),
  );
  const steps = kindFiles(operation, journaledBefore ?? undefined, add, folder);
  const title = `### ${index + 1}. ${describeTarget(operation)} (${state})`;
  const rollbackByHand =
    steps.length === 0
      ? `${title}\n\nNever written by this run: nothing to restore.\n`
      : `${title}\n\n${operation.summary}\n\n${steps.join('\n')}\n`;
  return { folder, files, rollbackByHand };
}
