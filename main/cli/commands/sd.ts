import type { Command } from 'commander';
import { badInput } from '../../../shared/errors';
import {
  builtInNames,
  describeAce,
  isSdError,
  fromSddl,
  parseSecurityDescriptor,
  parseSid,
  SdControl,
  serializeSecurityDescriptor,
  toSddl,
  type AceRow,
  type SddlStyle,
  type SecurityDescriptor,
} from '../../../shared/sd';
import { addFlags } from '../options/flags';

/**
 * `writeback sd decode|encode|explain` (docs/cli.md): a binary nTSecurityDescriptor to SDDL and
 * back, exactly as Windows writes it (or as Samba does, with --style samba), and the
 * ADUC-style table of its ACEs.
 */
export function addSdCommand(program: Command): void {
  const sd = program
    .command('sd')
    .description('Decode, encode and explain security descriptors (nTSecurityDescriptor).');

  addFlags(sd.command('decode'), ['domainSid', 'style', 'json'])
    .description('A binary security descriptor (base64, or - / nothing for stdin) to SDDL.')
    .argument('[base64]', 'the descriptor in base64; - or nothing reads it from stdin')
    .action(
      async (
        input: string | undefined,
        options: { domainSid?: string; style: string; json?: boolean },
      ) => {
        const domainSid = readDomainSid(options.domainSid);
        const style = readStyle(options.style);
        const descriptor = parseSecurityDescriptor(decodeBase64(await readInput(input)));
        const sddl = toSddl(descriptor, domainSid, { style });
        process.stdout.write(options.json ? JSON.stringify({ sddl }) + '\n' : sddl + '\n');
      },
    );

  // The domain SID is needed only for domain-relative aliases (DA, DU, …); without one, such
  // an alias is refused with its position and the option that resolves it.
  addFlags(sd.command('encode'), ['domainSid', 'json'])
    .description(
      'SDDL to the binary security descriptor, in base64, laid out as Windows lays it out.',
    )
    .argument('<sddl>', 'the SDDL string, e.g. "O:DAG:DAD:(A;;RPWPCRCCDCLCLORCWOWDSDDTSW;;;DA)"')
    .action((sddl: string, options: { domainSid?: string; json?: boolean }) => {
      const domainSid = readDomainSid(options.domainSid);
      // "" is the empty descriptor (no owner, group or ACLs), as Windows reads it.
      const base64 = Buffer.from(serializeSecurityDescriptor(readSddl(sddl, domainSid))).toString(
        'base64',
      );
      process.stdout.write(options.json ? JSON.stringify({ base64 }) + '\n' : base64 + '\n');
    });

  addFlags(sd.command('explain'), ['domainSid', 'json'])
    .description("A binary security descriptor as ADUC's Advanced Security Settings show it.")
    .argument('[base64]', 'the descriptor in base64; - or nothing reads it from stdin')
    .action(async (input: string | undefined, options: { domainSid?: string; json?: boolean }) => {
      const domainSid = readDomainSid(options.domainSid);
      const descriptor = parseSecurityDescriptor(decodeBase64(await readInput(input)));
      const resolver = builtInNames(domainSid);
      const rows = (descriptor.dacl?.aces ?? []).map((ace) => describeAce(ace, resolver));
      if (options.json) {
        process.stdout.write(JSON.stringify(explainJson(descriptor, rows, resolver)) + '\n');
      } else {
        process.stdout.write(explainText(descriptor, rows, resolver));
      }
    });
}

function readStyle(value: string): SddlStyle {
  if (value === 'windows' || value === 'samba') return value;
  throw badInput(
    'sd-bad-style',
    `"${value}" is not an SDDL style.`,
    'Give --style windows (as Windows shows it) or --style samba (as samba-tool shows it).',
  );
}

/** The SDDL read, an alias that needs the domain refused with the option that gives it. */
function readSddl(sddl: string, domainSid: string | undefined): SecurityDescriptor {
  try {
    return fromSddl(sddl, domainSid);
  } catch (error) {
    if (isSdError(error) && error.code === 'sd-needs-domain-sid')
      throw badInput(
        error.code,
        error.message,
        'Add --domain-sid <S-1-5-21-…> (the objectSid of the domain head), or write the SID in full instead of the alias.',
      );
    throw error;
  }
}

function readDomainSid(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const sid = parseSid(value);
    if (!sid.startsWith('S-1-5-21-')) throw new Error('not a domain SID');
    return sid;
  } catch {
    throw badInput(
      'sd-bad-domain-sid',
      `"${value}" is not a domain SID.`,
      'Give the domain SID (objectSid of the domain head), e.g. S-1-5-21-1004336348-1177238915-682003330.',
    );
  }
}

async function readInput(input: string | undefined): Promise<string> {
  if (input !== undefined && input !== '-') return input;
  if (process.stdin.isTTY) {
    throw badInput(
      'sd-no-input',
      'No security descriptor was given.',
      'Pass it in base64 as an argument, or pipe it on stdin (for example: ldapsearch … nTSecurityDescriptor | writeback sd decode -).',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

function decodeBase64(text: string): Uint8Array {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) {
    throw badInput(
      'sd-bad-base64',
      'The security descriptor is not valid base64.',
      'Give the binary nTSecurityDescriptor encoded in base64 (ldapsearch prints it after "nTSecurityDescriptor::").',
    );
  }
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

function principalOf(sid: string | null, resolver: ReturnType<typeof builtInNames>): string {
  if (sid === null) return '(none)';
  const name = resolver.principalName(sid);
  return name ? `${name} (${sid})` : sid;
}

function explainJson(
  descriptor: SecurityDescriptor,
  rows: readonly AceRow[],
  resolver: ReturnType<typeof builtInNames>,
) {
  return {
    owner: descriptor.owner,
    ownerName: descriptor.owner ? (resolver.principalName(descriptor.owner) ?? null) : null,
    group: descriptor.group,
    inheritanceDisabled: (descriptor.control & SdControl.daclProtected) !== 0,
    daclPresent: (descriptor.control & SdControl.daclPresent) !== 0,
    sacl: descriptor.sacl ? { aceCount: descriptor.sacl.aces.length } : null,
    aces: rows.map(({ ace: _ace, ...row }) => row),
  };
}

function explainText(
  descriptor: SecurityDescriptor,
  rows: readonly AceRow[],
  resolver: ReturnType<typeof builtInNames>,
): string {
  const lines = [
    `Owner: ${principalOf(descriptor.owner, resolver)}`,
    `Group: ${principalOf(descriptor.group, resolver)}`,
    `Inheritance: ${descriptor.control & SdControl.daclProtected ? 'disabled (protected DACL)' : 'enabled'}`,
  ];
  if (!(descriptor.control & SdControl.daclPresent) || descriptor.dacl === null) {
    lines.push('DACL: none (everyone has full access)');
    return lines.join('\n') + '\n';
  }
  lines.push('');
  const header = ['Type', 'Principal', 'Access', 'Inherited', 'Applies to'];
  const table = rows.map((row) => [
    row.type,
    row.principal,
    row.permission,
    row.inherited ? 'Yes' : 'No',
    row.appliesTo,
  ]);
  const widths = header.map((title, i) =>
    Math.max(title.length, ...table.map((cells) => cells[i]!.length)),
  );
  const format = (cells: readonly string[]): string =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(format(header), format(widths.map((w) => '-'.repeat(w))), ...table.map(format));
  if (descriptor.sacl) lines.push('', `SACL: ${descriptor.sacl.aces.length} audit entries`);
  return lines.join('\n') + '\n';
}
