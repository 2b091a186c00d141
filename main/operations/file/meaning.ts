/**
 * What a file operation does, and whether a writeback plan may do it: in a GPO's GptTmpl.inf,
 * only `MinimumPasswordAge` set to 0; in its GPT.INI, only `Version`. Recomputed from the before bytes with the same editors the step uses, so any other
 * byte (a `[Group Membership]` section, a logon script) makes the plan refused.
 */
import type { FileOperation } from '../../../shared/plan';
import { readGptIniVersion, setGptIniVersion } from '../../sysvol/gpt-ini';
import { setMinimumPasswordAge } from '../../sysvol/gpt-tmpl';
import type { Refuse } from '../kind';

const policyFile =
  /[\\/]Policies[\\/](\{[0-9A-Fa-f-]{36}\})[\\/](GPT\.INI|MACHINE[\\/]Microsoft[\\/]Windows NT[\\/]SecEdit[\\/]GptTmpl\.inf)$/i;

const bytesOf = (base64: string): Buffer => Buffer.from(base64, 'base64');

/** The path inside the SYSVOL folder: no `..`, on the folder's own side of a separator. */
function checkInsideSysvol(target: string, sysvol: string | undefined, refuse: Refuse): void {
  if (sysvol === undefined) {
    refuse('changes a policy file, but the plan names no SYSVOL folder');
  }
  const folder = sysvol.replace(/[\\/]+$/, '');
  if (/[\\/]\.\.([\\/]|$)/.test(target)) refuse('climbs out of its folder with ..');
  if (!target.startsWith(folder + '/') && !target.startsWith(folder + '\\')) {
    refuse(`is not inside the plan's SYSVOL folder ${folder}`);
  }
}

function editedOnly(
  operation: FileOperation,
  edit: (before: Buffer) => Buffer | undefined,
): boolean {
  try {
    const expected = edit(bytesOf(operation.before.base64));
    return expected !== undefined && expected.equals(bytesOf(operation.after.base64));
  } catch {
    return false;
  }
}

export function fileMeaning(
  operation: FileOperation,
  sysvol: string | undefined,
  refuse: Refuse,
): string {
  checkInsideSysvol(operation.target, sysvol, refuse);
  const match = policyFile.exec(operation.target);
  if (!match) refuse("is not a GPO's GPT.INI or GptTmpl.inf under Policies\\{GUID}");
  const [, gpo, file] = match;
  if (/GptTmpl\.inf$/i.test(file!)) {
    if (!editedOnly(operation, (before) => setMinimumPasswordAge(before, 0, operation.target))) {
      refuse('changes GptTmpl.inf beyond setting only its MinimumPasswordAge to 0');
    }
    return `sets MinimumPasswordAge = 0 in GptTmpl.inf of GPO ${gpo}`;
  }
  let versions: [number, number] | undefined;
  const raised = editedOnly(operation, (before) => {
    const from = readGptIniVersion(before, operation.target);
    const to = readGptIniVersion(bytesOf(operation.after.base64), operation.target);
    // The step raises it past both GPT.INI's and the GPC's versions (gpt-ini.ts): any new value.
    if (to === from) return undefined;
    versions = [from, to];
    return setGptIniVersion(before, to, operation.target);
  });
  if (!raised || !versions) refuse('changes GPT.INI beyond its Version');
  return `raises GPT.INI Version ${versions[0]} → ${versions[1]} of GPO ${gpo}`;
}
