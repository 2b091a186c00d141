/**
 * Helpers for the evidence pack's by-hand restore (each kind's restoreByHand): files as text,
 * and LDIF (RFC 2849) for the kinds whose targets are directory objects.
 */

/** A text file's bytes, ending with a newline. */
export const textFile = (value: string): Buffer =>
  Buffer.from(value.endsWith('\n') ? value : value + '\n');

/** SD flags control, DACL only (BER SEQUENCE { INTEGER 4 }), as ldapmodify's -e takes it. */
export const daclOnlyControl = '!1.2.840.113556.1.4.801=MAMCAQQ=';

/** LDIF (RFC 2849) SAFE-STRING, made stricter: printable ASCII only, else the value goes base64. */
const safeString = /^[!-9;=-~][ -~]*$/;

export function ldifDn(dn: string): string {
  return safeString.test(dn) && !dn.endsWith(' ')
    ? `dn: ${dn}`
    : `dn:: ${Buffer.from(dn, 'utf8').toString('base64')}`;
}

export function ldifValue(attribute: string, value: string): string {
  return safeString.test(value) && !value.endsWith(' ')
    ? `${attribute}: ${value}`
    : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}`;
}
