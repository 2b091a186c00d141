/**
 * Distinguished names as the domain model compares them: the parent honours escaped commas
 * (RFC 4514, `OU=Ops\, Paris`), and containment is case-insensitive as AD's is.
 */

/** The parent of a DN: everything after the first unescaped comma; undefined for a top RDN. */
export function parentDn(dn: string): string | undefined {
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') return dn.slice(i + 1).trim();
  }
  return undefined;
}

/** Whether `dn` is `base` or below it. */
export function isWithin(dn: string, base: string): boolean {
  const d = dn.toLowerCase();
  const b = base.toLowerCase();
  return d === b || d.endsWith(',' + b);
}

/** The ancestors of `dn` from its parent up to `top` (inclusive), nearest first. */
export function ancestorsUpTo(dn: string, top: string): string[] {
  const out: string[] = [];
  for (let at = parentDn(dn); at !== undefined && isWithin(at, top); at = parentDn(at)) {
    out.push(at);
    if (at.toLowerCase() === top.toLowerCase()) break;
  }
  return out;
}
