/**
 * Reading one attribute of a DirectoryEntry, written once: the first string, every string, the
 * bytes, an integer (AD's large integers as bigint), a SID or a GUID (decoded by the SD kernel,
 * shared/sd). Names are matched without regard to case, as LDAP does; an absent attribute is
 * undefined (or an empty list), never an empty string.
 */
import { parseGuid, parseSid, type Guid, type Sid } from '../../shared/sd';
import type { DirectoryEntry } from './directory';

type Maybe = DirectoryEntry | undefined;

/** Every string value of the attribute. */
export function texts(entry: Maybe, name: string): readonly string[] {
  return entry?.values[name.toLowerCase()] ?? [];
}

/** The first string value of the attribute. */
export function text(entry: Maybe, name: string): string | undefined {
  return texts(entry, name)[0];
}

/** Every value of a binary attribute (nTSecurityDescriptor, objectSid, tokenGroups, …). */
export function allBytes(entry: Maybe, name: string): readonly Uint8Array[] {
  return entry?.bytes[name.toLowerCase()] ?? [];
}

/** The first value of a binary attribute. */
export function bytes(entry: Maybe, name: string): Uint8Array | undefined {
  return allBytes(entry, name)[0];
}

/** An INTEGER or LargeInteger attribute (pwdLastSet, minPwdAge, …); undefined unless digits. */
export function integer(entry: Maybe, name: string): bigint | undefined {
  const value = text(entry, name);
  return value !== undefined && /^-?\d+$/.test(value) ? BigInt(value) : undefined;
}

/** A SID attribute (objectSid) as S-1-…; undefined when absent or shorter than a SID header. */
export function sid(entry: Maybe, name = 'objectSid'): Sid | undefined {
  const value = bytes(entry, name);
  return value !== undefined && value.length >= 8 ? parseSid(value) : undefined;
}

/** Every SID of a multi-valued SID attribute (tokenGroups, sIDHistory). */
export function sids(entry: Maybe, name: string): Sid[] {
  return allBytes(entry, name).map((value) => parseSid(value));
}

/** A GUID attribute (objectGUID, schemaIDGUID, …) in its lower-case string form. */
export function guid(entry: Maybe, name: string): Guid | undefined {
  const value = bytes(entry, name);
  return value !== undefined && value.length === 16 ? parseGuid(value) : undefined;
}
