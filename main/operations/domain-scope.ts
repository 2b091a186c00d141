/**
 * Whether a DN lies inside the plan's domain partition: the domain head or below it, and not in
 * another naming context whose DN happens to end with it (the configuration and schema
 * partitions of a forest root, DomainDnsZones, a child domain).
 */
import type { Plan } from '../../shared/plan';
import type { Refuse } from './kind';

/** The RDNs of a DN, split on unescaped commas (RFC 4514), trimmed. */
export function rdns(dn: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < dn.length; i++) {
    if (dn[i] === '\\') i++;
    else if (dn[i] === ',') {
      parts.push(dn.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(dn.slice(start).trim());
  return parts;
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** The RDNs of `dn` below `baseDn`, or undefined when `dn` is not the domain head or below it. */
export function rdnsBelow(dn: string, baseDn: string): string[] | undefined {
  const inner = rdns(dn);
  const outer = rdns(baseDn);
  if (inner.length < outer.length) return undefined;
  const tail = inner.slice(inner.length - outer.length);
  if (!tail.every((rdn, i) => same(rdn.replace(/\s*=\s*/, '='), outer[i]!.replace(/\s*=\s*/, '='))))
    return undefined;
  return inner.slice(0, inner.length - outer.length);
}

/** Inside the domain partition: below the head, never through a DC= RDN or CN=Configuration. */
export function isInsideDomain(dn: string, baseDn: string): boolean {
  const below = rdnsBelow(dn, baseDn);
  if (below === undefined) return false;
  const top = below[below.length - 1];
  if (top !== undefined && /^cn\s*=\s*configuration$/i.test(top)) return false;
  return !below.some((rdn) => /^dc\s*=/i.test(rdn));
}

/** `dn` is exactly `parent` with one RDN in front; returns that RDN. */
export function childRdn(dn: string, parent: string): string | undefined {
  const below = rdnsBelow(dn, parent);
  return below?.length === 1 ? below[0] : undefined;
}

export function isSameDn(a: string, b: string): boolean {
  const below = rdnsBelow(a, b);
  return below !== undefined && below.length === 0;
}

/** The plan's domain (source.baseDn), which every change to the directory must name. */
export function requireBaseDn(plan: Plan, refuse: Refuse): string {
  return (
    plan.source.baseDn ??
    refuse('changes the directory, but the plan names no domain (source.baseDn)')
  );
}
