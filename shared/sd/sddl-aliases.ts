import type { Sid } from './sid';

/**
 * SDDL SID aliases in the order Samba 4.17 (libcli/security/sddl.c, sid_codes) looks them
 * up, so that rendering picks the same alias it does. `rid` entries are relative to the
 * domain SID given to toSddl/fromSddl.
 */
export const SDDL_SID_ALIASES: readonly {
  readonly code: string;
  readonly sid?: Sid;
  readonly rid?: number;
}[] = [
  { code: 'WD', sid: 'S-1-1-0' },
  { code: 'CO', sid: 'S-1-3-0' },
  { code: 'CG', sid: 'S-1-3-1' },
  { code: 'OW', sid: 'S-1-3-4' },
  { code: 'NU', sid: 'S-1-5-2' },
  { code: 'IU', sid: 'S-1-5-4' },
  { code: 'SU', sid: 'S-1-5-6' },
  { code: 'AN', sid: 'S-1-5-7' },
  { code: 'ED', sid: 'S-1-5-9' },
  { code: 'PS', sid: 'S-1-5-10' },
  { code: 'AU', sid: 'S-1-5-11' },
  { code: 'RC', sid: 'S-1-5-12' },
  { code: 'SY', sid: 'S-1-5-18' },
  { code: 'LS', sid: 'S-1-5-19' },
  { code: 'NS', sid: 'S-1-5-20' },
  { code: 'WR', sid: 'S-1-5-33' },
  { code: 'BA', sid: 'S-1-5-32-544' },
  { code: 'BU', sid: 'S-1-5-32-545' },
  { code: 'BG', sid: 'S-1-5-32-546' },
  { code: 'PU', sid: 'S-1-5-32-547' },
  { code: 'AO', sid: 'S-1-5-32-548' },
  { code: 'SO', sid: 'S-1-5-32-549' },
  { code: 'PO', sid: 'S-1-5-32-550' },
  { code: 'BO', sid: 'S-1-5-32-551' },
  { code: 'RE', sid: 'S-1-5-32-552' },
  { code: 'RU', sid: 'S-1-5-32-554' },
  { code: 'RD', sid: 'S-1-5-32-555' },
  { code: 'NO', sid: 'S-1-5-32-556' },
  { code: 'MU', sid: 'S-1-5-32-558' },
  { code: 'LU', sid: 'S-1-5-32-559' },
  { code: 'IS', sid: 'S-1-5-32-568' },
  { code: 'CY', sid: 'S-1-5-32-569' },
  { code: 'ER', sid: 'S-1-5-32-573' },
  { code: 'CD', sid: 'S-1-5-32-574' },
  { code: 'RA', sid: 'S-1-5-32-575' },
  { code: 'ES', sid: 'S-1-5-32-576' },
  { code: 'MS', sid: 'S-1-5-32-577' },
  { code: 'HA', sid: 'S-1-5-32-578' },
  { code: 'AA', sid: 'S-1-5-32-579' },
  { code: 'RM', sid: 'S-1-5-32-580' },
  { code: 'UD', sid: 'S-1-5-84-0-0-0-0-0' },
  { code: 'AC', sid: 'S-1-15-2-1' },
  { code: 'LW', sid: 'S-1-16-4096' },
  { code: 'ME', sid: 'S-1-16-8192' },
  { code: 'MP', sid: 'S-1-16-8448' },
  { code: 'HI', sid: 'S-1-16-12288' },
  { code: 'SI', sid: 'S-1-16-16384' },
  { code: 'AS', sid: 'S-1-18-1' },
  { code: 'SS', sid: 'S-1-18-2' },
  { code: 'RO', rid: 498 },
  { code: 'LA', rid: 500 },
  { code: 'LG', rid: 501 },
  { code: 'DA', rid: 512 },
  { code: 'DU', rid: 513 },
  { code: 'DG', rid: 514 },
  { code: 'DC', rid: 515 },
  { code: 'DD', rid: 516 },
  { code: 'CA', rid: 517 },
  { code: 'SA', rid: 518 },
  { code: 'EA', rid: 519 },
  { code: 'PA', rid: 520 },
  { code: 'CN', rid: 522 },
  { code: 'AP', rid: 525 },
  { code: 'KA', rid: 526 },
  { code: 'EK', rid: 527 },
  { code: 'RS', rid: 553 },
];

const aliasOfWellKnown = new Map<Sid, string>();
const aliasOfRid = new Map<number, string>();
const byCode = new Map<string, { sid?: Sid; rid?: number }>();
for (const entry of SDDL_SID_ALIASES) {
  if (entry.sid !== undefined && !aliasOfWellKnown.has(entry.sid))
    aliasOfWellKnown.set(entry.sid, entry.code);
  if (entry.rid !== undefined && !aliasOfRid.has(entry.rid)) aliasOfRid.set(entry.rid, entry.code);
  byCode.set(entry.code, entry);
}

/** The SDDL alias of a SID, or undefined (domain-relative aliases only when domainSid is given). */
export function sddlAliasOf(sid: Sid, domainSid?: Sid): string | undefined {
  const known = aliasOfWellKnown.get(sid);
  if (known) return known;
  if (
    domainSid &&
    sid.length > domainSid.length + 1 &&
    sid.startsWith(domainSid) &&
    sid[domainSid.length] === '-'
  ) {
    const rid = sid.slice(domainSid.length + 1);
    if (/^\d+$/.test(rid)) return aliasOfRid.get(Number(rid));
  }
  return undefined;
}

/** The alias entry for an SDDL code such as "DA", or undefined. */
export function sddlAlias(code: string): { sid?: Sid; rid?: number } | undefined {
  return byCode.get(code);
}
