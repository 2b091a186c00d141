import { AceFlag, AD_FULL_CONTROL, AD_GENERIC_MAPPING, AdRight } from './access-mask';
import type { Guid } from './guid';
import type { NameResolver } from './name-resolver';
import { aceToSddl } from './sddl';
import type { Sid } from './sid';
import { readCallbackBody } from './callback-ace';
import { conditionToSddl } from './conditional-sddl';
import { isObjectAce, type Ace, type BasicAceKind, type ObjectAceKind } from './types';
import type { GuidKind } from './well-known';

/** One line of ADUC's Advanced Security Settings dialog. */
export interface AceRow {
  readonly ace: Ace;
  readonly type: 'Allow' | 'Deny' | 'Audit' | 'Alarm' | 'Other';
  /** Resolved name when known, else the SID. */
  readonly principal: string;
  readonly sid: Sid | undefined;
  /** "Reset password", "Write lockoutTime", "Full control", "Special: …". */
  readonly permission: string;
  /** "This object only", "All descendant objects", "Descendant User objects", … */
  readonly appliesTo: string;
  readonly inherited: boolean;
  /** Whether the ACE takes effect on the object whose DACL it is in (not inherit-only; MS-DTYP 2.5.3.2). */
  readonly appliesToThisObject: boolean;
  /**
   * With `objectClassOfTarget`: whether descendants of that class inherit the ACE
   * (container-inherit, and no inherited object type or that class). Else undefined.
   */
  readonly inheritsToTargetClass: boolean | undefined;
  /** This one ACE in SDDL (empty for ACE types that have no SDDL form). */
  readonly sddl: string;
}

/** Names ADUC gives a mask on its own (no object type), checked in this order. */
const WHOLE_MASK_NAMES: readonly (readonly [number, string])[] = [
  [AD_GENERIC_MAPPING.read, 'Read'],
  [AdRight.genericRead, 'Read'],
  [AD_GENERIC_MAPPING.write, 'Write'],
  [AdRight.genericWrite, 'Write'],
];

/** One right without an object type, as ADUC lists it. */
const RIGHT_NAMES: readonly (readonly [number, string])[] = [
  [AdRight.listChildren, 'List contents'],
  [AdRight.readProperty, 'Read all properties'],
  [AdRight.writeProperty, 'Write all properties'],
  [AdRight.delete, 'Delete'],
  [AdRight.deleteTree, 'Delete subtree'],
  [AdRight.readControl, 'Read permissions'],
  [AdRight.writeDac, 'Modify permissions'],
  [AdRight.writeOwner, 'Modify owner'],
  [AdRight.controlAccess, 'All extended rights'],
  [AdRight.createChild, 'Create all child objects'],
  [AdRight.deleteChild, 'Delete all child objects'],
  [AdRight.selfWrite, 'All validated writes'],
  [AdRight.listObject, 'List object'],
  [AdRight.synchronize, 'Synchronize'],
  [AdRight.accessSystemSecurity, 'Access system security'],
  [AdRight.genericExecute, 'Generic execute'],
  [AdRight.genericRead, 'Read'],
  [AdRight.genericWrite, 'Write'],
];

function guidLabel(guid: Guid, resolver: NameResolver, kinds: readonly GuidKind[]): string {
  return (
    resolver.guidName(guid, kinds)?.displayName ?? resolver.guidName(guid)?.displayName ?? guid
  );
}

function listRights(mask: number, name: (bit: number) => string | undefined): string[] {
  const items: string[] = [];
  let rest = mask >>> 0;
  for (const [bit, generic] of RIGHT_NAMES) {
    if (rest & bit) {
      items.push(name(bit) ?? generic);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) items.push(`0x${rest.toString(16).padStart(8, '0')}`);
  return items;
}

function permissionText(ace: Ace, resolver: NameResolver): string {
  if (ace.kind === 'opaque') return `Special (ACE type 0x${ace.aceType.toString(16)})`;
  const mask = ace.mask >>> 0;
  const objectType = isObjectAce(ace) ? ace.objectType : null;
  if (objectType === null) {
    if (mask & AdRight.genericAll || (mask & AD_FULL_CONTROL) === AD_FULL_CONTROL)
      return 'Full control';
    const whole = WHOLE_MASK_NAMES.find(([bits]) => bits === mask);
    if (whole) return whole[1];
  }
  const items = listRights(mask, (bit) => {
    if (objectType === null) return undefined;
    if (bit === AdRight.controlAccess) return guidLabel(objectType, resolver, ['extended-right']);
    if (bit === AdRight.writeProperty)
      return `Write ${guidLabel(objectType, resolver, ['attribute', 'property-set'])}`;
    if (bit === AdRight.readProperty)
      return `Read ${guidLabel(objectType, resolver, ['attribute', 'property-set'])}`;
    if (bit === AdRight.selfWrite) return guidLabel(objectType, resolver, ['validated-write']);
    if (bit === AdRight.createChild)
      return `Create ${guidLabel(objectType, resolver, ['class'])} objects`;
    if (bit === AdRight.deleteChild)
      return `Delete ${guidLabel(objectType, resolver, ['class'])} objects`;
    return undefined;
  });
  if (items.length === 0) return 'None';
  if (items.length === 1) return items[0]!;
  return `Special: ${items.join(', ')}`;
}

function appliesToText(ace: Ace, resolver: NameResolver): string {
  const flags = ace.flags;
  const inheritable = (flags & AceFlag.containerInherit) !== 0;
  const inheritOnly = (flags & AceFlag.inheritOnly) !== 0;
  const oneLevel = (flags & AceFlag.noPropagateInherit) !== 0;
  if (!inheritable)
    return inheritOnly ? 'Nothing (inherit-only, but not inheritable)' : 'This object only';
  const classGuid = isObjectAce(ace) ? ace.inheritedObjectType : null;
  const className = classGuid ? guidLabel(classGuid, resolver, ['class']) : undefined;
  if (className) {
    const scope = oneLevel ? `child ${className} objects` : `descendant ${className} objects`;
    return inheritOnly ? scope[0]!.toUpperCase() + scope.slice(1) : `This object and ${scope}`;
  }
  if (inheritOnly) return oneLevel ? 'Child objects only' : 'All descendant objects';
  return oneLevel ? 'This object and all child objects' : 'This object and all descendant objects';
}

function typeText(ace: Ace): AceRow['type'] {
  switch (ace.kind) {
    case 'access-allowed':
    case 'access-allowed-object':
      return 'Allow';
    case 'access-denied':
    case 'access-denied-object':
      return 'Deny';
    case 'system-audit':
    case 'system-audit-object':
      return 'Audit';
    case 'system-alarm':
    case 'system-alarm-object':
      return 'Alarm';
    default:
      return 'Other';
  }
}

function sddlOf(ace: Ace, resolver: NameResolver): string {
  try {
    return aceToSddl(ace, resolver.domainSid);
  } catch {
    return '';
  }
}

/** The plain ACE a conditional one grants, denies or audits when its condition holds. */
const CONDITIONAL_AS: Readonly<Record<number, BasicAceKind | ObjectAceKind>> = {
  0x09: 'access-allowed',
  0x0a: 'access-denied',
  0x0b: 'access-allowed-object',
  0x0c: 'access-denied-object',
  0x0d: 'system-audit',
};

/**
 * A conditional (callback) ACE as the plain ACE it acts as, with its condition in SDDL, so
 * that it reads like the others: "Allow Domain Users Reset password, when (…)".
 */
function conditionalAsPlain(
  ace: Ace,
  resolver: NameResolver,
): { plain: Ace; condition: string } | undefined {
  if (ace.kind !== 'opaque' || !(ace.aceType in CONDITIONAL_AS)) return undefined;
  try {
    const body = readCallbackBody(ace.aceType, ace.body);
    const kind = CONDITIONAL_AS[ace.aceType]!;
    const common = { flags: ace.flags, mask: body.mask, sid: body.sid };
    const plain: Ace =
      kind === 'access-allowed-object' || kind === 'access-denied-object'
        ? {
            kind,
            ...common,
            objectType: body.objectType,
            inheritedObjectType: body.inheritedObjectType,
          }
        : { kind: kind as BasicAceKind, ...common };
    return { plain, condition: conditionToSddl(body.condition, resolver.domainSid) };
  } catch {
    return undefined; // a body no Windows would write: shown as a special ACE
  }
}

/**
 * An ACE as ADUC's Advanced Security dialog shows it. `objectClassOfTarget` (a class
 * schemaIDGUID, e.g. user) says whether descendants of that class inherit the ACE.
 */
export function describeAce(ace: Ace, resolver: NameResolver, objectClassOfTarget?: Guid): AceRow {
  const conditional = conditionalAsPlain(ace, resolver);
  if (conditional) {
    const row = describeAce(conditional.plain, resolver, objectClassOfTarget);
    return {
      ...row,
      ace,
      permission: `${row.permission}, when ${conditional.condition}`,
      sddl: sddlOf(ace, resolver),
    };
  }
  const sid = ace.kind === 'opaque' ? undefined : ace.sid;
  const sddl = sddlOf(ace, resolver);
  const inheritOnly = (ace.flags & AceFlag.inheritOnly) !== 0;
  const inheritedClass = isObjectAce(ace) ? ace.inheritedObjectType : null;
  const inheritsToTargetClass =
    objectClassOfTarget === undefined
      ? undefined
      : (ace.flags & AceFlag.containerInherit) !== 0 &&
        (inheritedClass === null || inheritedClass === objectClassOfTarget.toLowerCase());
  return {
    ace,
    type: typeText(ace),
    principal: sid === undefined ? '(none)' : (resolver.principalName(sid) ?? sid),
    sid,
    permission: permissionText(ace, resolver),
    appliesTo: appliesToText(ace, resolver),
    inherited: (ace.flags & AceFlag.inherited) !== 0,
    appliesToThisObject: !inheritOnly,
    inheritsToTargetClass,
    sddl,
  };
}
