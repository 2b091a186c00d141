/**
 * gPLink (MS-GPOL 2.2.2): `[LDAP://cn={GUID},cn=policies,cn=system,DC=…;opts]…`. The last
 * entry has link order 1 (highest precedence among unenforced links); opts bit 0 = link
 * disabled, bit 1 = enforced (docs/domain-facts.md §3).
 */
import { badInput } from '../../../shared/errors';

export interface GpoLink {
  /** The GPC's DN as written in the link. */
  readonly dn: string;
  /** `{GUID}` in upper case. */
  readonly guid: string;
  /** 1 = highest precedence. */
  readonly linkOrder: number;
  readonly enabled: boolean;
  readonly enforced: boolean;
}

export function parseGpLink(value: string, where: string): GpoLink[] {
  const entries = [...value.matchAll(/\[LDAP:\/\/([^;\]]+);(\d+)\]/gi)];
  const rest = value.replace(/\[LDAP:\/\/([^;\]]+);(\d+)\]/gi, '').trim();
  if (rest !== '') {
    throw badInput(
      'gplink-malformed',
      `gPLink of ${where} has text that is not a [LDAP://…;n] link: "${rest.slice(0, 100)}".`,
      'Check the links in Group Policy Management and save them again.',
    );
  }
  return entries.map((entry, index) => {
    const dn = entry[1]!;
    const guid = /cn=(\{[0-9a-f-]{36}\})/i.exec(dn)?.[1]?.toUpperCase();
    if (!guid)
      throw badInput(
        'gplink-malformed',
        `gPLink of ${where} links ${dn}, which is not a GPO.`,
        'Check the links in Group Policy Management.',
      );
    const options = Number(entry[2]);
    return {
      dn,
      guid,
      linkOrder: entries.length - index,
      enabled: (options & 1) === 0,
      enforced: (options & 2) !== 0,
    };
  });
}

/** Precedence order (MS-GPOL 3.2.5.1.6): enforced links first, then by link order. */
export function byPrecedence(links: readonly GpoLink[]): GpoLink[] {
  return [...links].sort((a, b) =>
    a.enforced === b.enforced ? a.linkOrder - b.linkOrder : a.enforced ? -1 : 1,
  );
}
