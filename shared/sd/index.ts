/**
 * The security-descriptor kernel: codec, SDDL, admin words, editing, diff and access
 * evaluation for Active Directory nTSecurityDescriptor values (MS-DTYP 2.4, 2.5).
 * Pure TypeScript: runs in the main process and in the renderer.
 */
export {
  AceFlag,
  AdRight,
  AD_FULL_CONTROL,
  AD_GENERIC_MAPPING,
  SdControl,
  mapGenericRights,
} from './access-mask';
export {
  aceSize,
  parseAcl,
  parseSecurityDescriptor,
  serializeAce,
  serializeAcl,
  serializeSecurityDescriptor,
} from './codec';
export { describeAce, type AceRow } from './describe';
export { diffDacl, type DaclDiff } from './diff';
export {
  aceKey,
  addAce,
  findEquivalentOrCoveringAce,
  removeAces,
  setDaclProtected,
  withDacl,
  type CoveringAce,
} from './edit';
export {
  evaluateAccess,
  type AccessRequest,
  type AccessToken,
  type AccessVerdict,
  type EvaluateAccessInput,
  type PropertySetMap,
} from './evaluate';
export { formatGuid, guidToBytes, parseGuid, type Guid } from './guid';
export { builtInNames, NameTable, type NameResolver } from './name-resolver';
export { SdError, isSdError, type SdErrorCode } from './sd-error';
export {
  aceToSddl,
  fromSddl,
  rightsToSddl,
  toSddl,
  type SddlStyle,
  type SddlWriteOptions,
} from './sddl';
export { formatSid, parseSid, sidToBytes, splitRid, type Sid } from './sid';
export {
  AceTypeCode,
  isAllowAce,
  isDenyAce,
  isObjectAce,
  type Ace,
  type Acl,
  type BasicAce,
  type BasicAceKind,
  type ObjectAce,
  type ObjectAceKind,
  type OpaqueAce,
  type SdLayout,
  type SecurityDescriptor,
} from './types';
export {
  AUTHENTICATED_USERS_SID,
  EVERYONE_SID,
  PRINCIPAL_SELF_SID,
  WELL_KNOWN_GUIDS,
  WELL_KNOWN_PROPERTY_SETS,
  WELL_KNOWN_RIDS,
  WELL_KNOWN_SIDS,
  WritebackGuid,
  type GuidKind,
  type GuidName,
} from './well-known';
