import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromSddl,
  parseSecurityDescriptor,
  serializeSecurityDescriptor,
  toSddl,
  type Ace,
  type Acl,
  type SecurityDescriptor,
} from '../../../shared/sd';
import { DOMAIN_SID, toHex } from './fixtures';

const sid = fc.oneof(
  fc.constantFrom(
    'S-1-1-0',
    'S-1-5-11',
    'S-1-5-10',
    'S-1-5-18',
    'S-1-5-32-544',
    'S-1-3-0',
    'S-1-5-9',
  ),
  fc.integer({ min: 0, max: 0xffffffff }).map((rid) => `${DOMAIN_SID}-${rid}`),
  fc
    .tuple(
      fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
    )
    .map(([authority, subs]) => ['S-1', authority, ...subs].join('-')),
);
const guid = fc.uuid().map((text) => text.toLowerCase());
const aceFlags = fc
  .subarray([0x01, 0x02, 0x04, 0x08, 0x10, 0x40, 0x80])
  .map((bits) => bits.reduce((a, b) => a | b, 0));
const mask = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }),
  fc
    .subarray([
      0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100, 0x10000, 0x20000, 0x40000, 0x80000,
      0x10000000,
    ])
    .map((bits) => bits.reduce((a, b) => (a | b) >>> 0, 0)),
);

const basicAce: fc.Arbitrary<Ace> = fc.record({
  kind: fc.constantFrom(
    'access-allowed',
    'access-denied',
    'system-audit',
    'system-alarm',
  ) as fc.Arbitrary<'access-allowed' | 'access-denied' | 'system-audit' | 'system-alarm'>,
  flags: aceFlags,
  mask,
  sid,
});
const objectAce: fc.Arbitrary<Ace> = fc.record({
  kind: fc.constantFrom(
    'access-allowed-object',
    'access-denied-object',
    'system-audit-object',
    'system-alarm-object',
  ) as fc.Arbitrary<
    'access-allowed-object' | 'access-denied-object' | 'system-audit-object' | 'system-alarm-object'
  >,
  flags: aceFlags,
  mask,
  objectType: fc.option(guid, { nil: null }),
  inheritedObjectType: fc.option(guid, { nil: null }),
  sid,
});
const acl: fc.Arbitrary<Acl> = fc
  .array(fc.oneof(basicAce, objectAce), { maxLength: 12 })
  // Windows' ACL revision: 4 (ACL_REVISION_DS) only when an object ACE needs it.
  .map((aces) => ({ revision: aces.some((ace) => 'objectType' in ace) ? 4 : 2, aces }));
const daclOnly: fc.Arbitrary<Acl> = acl.map((a) => {
  const aces = a.aces.filter((ace) => /^access-(allowed|denied)/.test(ace.kind));
  return { revision: aces.some((ace) => 'objectType' in ace) ? 4 : 2, aces };
});

/** Descriptors SDDL can express: SELF_RELATIVE, presence bits and the P/AR/AI flags of present ACLs. */
const sddlDescriptor: fc.Arbitrary<SecurityDescriptor> = fc
  .record({
    owner: fc.option(sid, { nil: null }),
    group: fc.option(sid, { nil: null }),
    // Windows refuses audit, alarm and label ACEs in a DACL.
    dacl: fc.option(daclOnly, { nil: null }),
    sacl: fc.option(acl, { nil: null }),
    daclFlags: fc.subarray([0x1000, 0x100, 0x400]),
    saclFlags: fc.subarray([0x2000, 0x200, 0x800]),
  })
  .map(({ owner, group, dacl, sacl, daclFlags, saclFlags }) => {
    let control = 0x8000;
    if (dacl) control |= 0x4 | daclFlags.reduce((a, b) => a | b, 0);
    if (sacl) control |= 0x10 | saclFlags.reduce((a, b) => a | b, 0);
    return { revision: 1, sbz1: 0, control, owner, group, dacl, sacl };
  });

/** Any descriptor the codec can write, including fields SDDL cannot express. */
const anyDescriptor: fc.Arbitrary<SecurityDescriptor> = fc
  .record({
    base: sddlDescriptor,
    control: fc.integer({ min: 0, max: 0xffff }),
    sbz1: fc.integer({ min: 0, max: 255 }),
    revision: fc.constantFrom(2, 4),
    padding: fc.option(fc.uint8Array({ maxLength: 8 }), { nil: undefined }),
  })
  .map(({ base, control, sbz1, revision, padding }) => ({
    ...base,
    control: control | 0x8000,
    sbz1,
    dacl: base.dacl && { ...base.dacl, revision, ...(padding?.length ? { padding } : {}) },
  }));

describe('property-based round trips', () => {
  it('parse ∘ serialise is the identity on descriptors', () => {
    fc.assert(
      fc.property(anyDescriptor, (sd) => {
        const bytes = serializeSecurityDescriptor(sd);
        const parsed = parseSecurityDescriptor(bytes);
        const { layout: _layout, ...rest } = parsed;
        expect(rest).toEqual(sd);
        expect(toHex(serializeSecurityDescriptor(parsed))).toBe(toHex(bytes));
      }),
      { numRuns: 1000 },
    );
  });

  it('fromSddl ∘ toSddl is the identity (byte for byte)', () => {
    fc.assert(
      fc.property(sddlDescriptor, (sd) => {
        const sddl = toSddl(sd, DOMAIN_SID);
        const back = fromSddl(sddl, DOMAIN_SID);
        expect(toHex(serializeSecurityDescriptor(back))).toBe(
          toHex(serializeSecurityDescriptor(sd)),
        );
        expect(toSddl(back, DOMAIN_SID)).toBe(sddl);
      }),
      { numRuns: 1000 },
    );
  });
});
