import { SdControl } from './access-mask';
import { conditionToSddl } from './conditional-sddl';
import { readCallbackBody, readResourceAttributeBody } from './callback-ace';
import { resourceAttributeToSddl } from './resource-attribute';
import {
  ACE_FLAG_CODES,
  ACL_FLAG_CODES,
  aceTypeCode,
  CALLBACK_ACE_TYPES,
  RESOURCE_ATTRIBUTE_ACE_TYPE,
  SAMBA_RIGHTS_CODES,
  SHORTHAND_RIGHTS_CODES,
  WINDOWS_RIGHTS_CODES,
  type SddlStyle,
} from './sddl-codes';
import { sddlAliasOf } from './sddl-aliases';
import { SdError } from './sd-error';
import { sambaSidString, type Sid } from './sid';
import { ACE_TYPE_OF_KIND, type Ace, type Acl, type SecurityDescriptor } from './types';

export interface SddlWriteOptions {
  /** 'windows' (default): as Windows prints it. 'samba': as Samba 4.17's samba-tool does. */
  readonly style?: SddlStyle;
}

function sidToSddl(sid: Sid, domainSid?: Sid, style?: SddlStyle): string {
  const alias = sddlAliasOf(sid, domainSid);
  if (alias) return alias;
  return style === 'samba' ? sambaSidString(sid) : sid;
}

function codesFor(mask: number, table: readonly (readonly [string, number])[]): string | undefined {
  let rest = mask >>> 0;
  let text = '';
  for (const [code, bit] of table) {
    if ((rest & bit) >>> 0 === bit) {
      text += code;
      rest = (rest & ~bit) >>> 0;
    }
  }
  return rest === 0 ? text : undefined;
}

/**
 * An access mask in SDDL. Windows: a file or registry shorthand when the mask is exactly one,
 * else the codes when every bit has one, else 0x%x. Samba: the codes in its order, else 0x%08x.
 */
export function rightsToSddl(mask: number, style: SddlStyle = 'windows'): string {
  const value = mask >>> 0;
  if (style === 'samba') {
    return codesFor(value, SAMBA_RIGHTS_CODES) ?? '0x' + value.toString(16).padStart(8, '0');
  }
  for (const [code, bits] of SHORTHAND_RIGHTS_CODES) if (bits === value) return code;
  return codesFor(value, WINDOWS_RIGHTS_CODES) ?? '0x' + value.toString(16);
}

function aceFlagsToSddl(flags: number): string {
  let text = '';
  for (const [code, bit] of ACE_FLAG_CODES) if (flags & bit) text += code;
  return text;
}

function unsupported(aceType: number, why = ''): SdError {
  return new SdError(
    'sd-unsupported',
    `ACE type 0x${aceType.toString(16).padStart(2, '0')} has no SDDL rendering here${why}`,
    {},
    'Show this descriptor in its binary form; it is kept byte for byte.',
  );
}

/** The fields of an ACE kept byte for byte (callback, resource attribute), in SDDL. */
function opaqueAceFields(
  ace: Ace & { kind: 'opaque' },
  domainSid: Sid | undefined,
  style: SddlStyle | undefined,
): string[] {
  const type = aceTypeCode(ace.aceType);
  if (!type) throw unsupported(ace.aceType);
  if (CALLBACK_ACE_TYPES.has(ace.aceType)) {
    const body = readCallbackBody(ace.aceType, ace.body);
    return [
      type,
      aceFlagsToSddl(ace.flags),
      rightsToSddl(body.mask, style),
      body.objectType ?? '',
      body.inheritedObjectType ?? '',
      sidToSddl(body.sid, domainSid, style),
      conditionToSddl(body.condition, domainSid),
    ];
  }
  if (ace.aceType === RESOURCE_ATTRIBUTE_ACE_TYPE) {
    const body = readResourceAttributeBody(ace.body);
    return [
      type,
      aceFlagsToSddl(ace.flags),
      rightsToSddl(body.mask, style),
      '',
      '',
      sidToSddl(body.sid, domainSid, style),
      resourceAttributeToSddl(body.claim, domainSid),
    ];
  }
  throw unsupported(ace.aceType);
}

/** One ACE in SDDL, e.g. `(OA;CIIO;CR;00299570-…;bf967aba-…;S-1-5-21-…-1105)`. */
export function aceToSddl(ace: Ace, domainSid?: Sid, options: SddlWriteOptions = {}): string {
  if (ace.kind === 'opaque') {
    try {
      return `(${opaqueAceFields(ace, domainSid, options.style).join(';')})`;
    } catch (error) {
      // A body Windows could not have written (malformed condition or claim): no SDDL for it.
      const why = error instanceof Error ? `: ${error.message}` : '';
      throw error instanceof SdError && error.code === 'sd-unsupported'
        ? error
        : unsupported(ace.aceType, why);
    }
  }
  const type = aceTypeCode(ACE_TYPE_OF_KIND[ace.kind])!;
  const objectType = 'objectType' in ace ? (ace.objectType ?? '') : '';
  const inherited = 'inheritedObjectType' in ace ? (ace.inheritedObjectType ?? '') : '';
  const rights = rightsToSddl(ace.mask, options.style);
  return `(${type};${aceFlagsToSddl(ace.flags)};${rights};${objectType};${inherited};${sidToSddl(ace.sid, domainSid, options.style)})`;
}

function aclToSddl(
  acl: Acl | null,
  control: number,
  shift: number,
  domainSid: Sid | undefined,
  options: SddlWriteOptions,
): string {
  let text = '';
  for (const [code, bit] of ACL_FLAG_CODES) if (control & (bit << shift)) text += code;
  if (!acl) return text + 'NO_ACCESS_CONTROL';
  for (const ace of acl.aces) text += aceToSddl(ace, domainSid, options);
  return text;
}

/**
 * The descriptor's SDDL: by default exactly as Windows prints it (`(Get-Acl …).Sddl`,
 * ConvertSecurityDescriptorToStringSecurityDescriptor); with `style: 'samba'` as Samba's
 * `descriptor.as_sddl(domain_sid)` writes it. Domain-relative aliases (DA, DU, …) are used
 * only when the domain SID is given.
 */
export function toSddl(
  sd: SecurityDescriptor,
  domainSid?: Sid,
  options: SddlWriteOptions = {},
): string {
  const samba = options.style === 'samba';
  let text = '';
  if (sd.owner !== null) text += 'O:' + sidToSddl(sd.owner, domainSid, options.style);
  if (sd.group !== null) text += 'G:' + sidToSddl(sd.group, domainSid, options.style);
  const parts = [
    ['D', SdControl.daclPresent, sd.dacl, 0],
    ['S', SdControl.saclPresent, sd.sacl, 1],
  ] as const;
  for (const [letter, present, acl, shift] of parts) {
    if (!(sd.control & present) || (samba && !acl)) continue;
    // A present but null ACL (no access control at all) is NO_ACCESS_CONTROL for Windows.
    text += `${letter}:${aclToSddl(acl, sd.control, shift, domainSid, options)}`;
  }
  return text;
}
