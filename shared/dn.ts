/**
 * Distinguished names compared as the directory compares them for containment: attribute
 * names and values without case, spaces around the separators ignored, an escaped comma
 * (`CN=Smith\, Ann`) kept inside its RDN (RFC 4514 §2.4).
 */

/** The RDNs of a DN, trimmed and in lower case: `OU=Staff, DC=Contoso` → `ou=staff`, `dc=contoso`. */
function rdns(dn: string): string[] {
  return dn
    .split(/(?<!\\),/)
    .map((rdn) => rdn.trim().toLowerCase())
    .filter((rdn) => rdn !== '');
}

/** One spelling per DN, for comparing and as a map key. */
export function canonicalDn(dn: string): string {
  return rdns(dn).join(',');
}

/** Is `dn` the container itself or somewhere below it? */
export function isAtOrUnder(dn: string, container: string): boolean {
  const object = rdns(dn);
  const above = rdns(container);
  const tail = object.slice(object.length - above.length);
  return above.length > 0 && tail.length === above.length && tail.every((r, i) => r === above[i]);
}

/** Is `dn` directly below `parent` (one RDN more, the rest equal)? */
export function isChildOf(dn: string, parent: string): boolean {
  return rdns(dn).length === rdns(parent).length + 1 && isAtOrUnder(dn, parent);
}

/** `DC=emea,DC=contoso,DC=com` → `emea.contoso.com`; undefined unless every RDN is a DC=. */
export function dnsNameOfDomainDn(dn: string): string | undefined {
  const labels = rdns(dn).map((rdn) => /^dc=(.+)$/.exec(rdn)?.[1]?.trim());
  return labels.length > 0 && labels.every((l) => l !== undefined) ? labels.join('.') : undefined;
}

/**
 * The DNS name of the domain an object is in, from its DN's trailing DC= RDNs:
 * `CN=Ann,OU=Staff,DC=emea,DC=contoso,DC=com` → `emea.contoso.com`; undefined without any.
 */
export function domainDnsNameOfDn(dn: string): string | undefined {
  const all = rdns(dn);
  let first = all.length;
  while (first > 0 && /^dc=/.test(all[first - 1]!)) first--;
  return first === all.length ? undefined : dnsNameOfDomainDn(all.slice(first).join(','));
}
