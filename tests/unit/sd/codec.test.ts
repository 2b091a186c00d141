import { describe, expect, it } from 'vitest';
import {
  fromSddl,
  formatGuid,
  formatSid,
  parseGuid,
  parseSecurityDescriptor,
  parseSid,
  SdError,
  serializeSecurityDescriptor,
  toSddl,
  type SecurityDescriptor,
} from '../../../shared/sd';
import { DOMAIN_SID, fromHex, SAMBA_SAMPLES, toHex } from './fixtures';

describe('SID codec (MS-DTYP 2.4.2.2)', () => {
  it('reads and writes the binary form', () => {
    const bytes = formatSid('S-1-5-21-1-2-3-1105');
    expect(toHex(bytes)).toBe('01050000000000051500000001000000020000000300000051040000');
    expect(parseSid(bytes)).toBe('S-1-5-21-1-2-3-1105');
  });

  it('handles 48-bit identifier authorities the way Windows prints them', () => {
    const bytes = formatSid('S-1-0x123456789ABC-7');
    expect(parseSid(bytes)).toBe('S-1-0x123456789ABC-7');
    expect(parseSid('s-1-5-32-544')).toBe('S-1-5-32-544');
  });

  it('rejects malformed SIDs with an SdError', () => {
    expect(() => parseSid('S-1-5-x')).toThrow(SdError);
    expect(() => parseSid('S-1-5-4294967296')).toThrow(/32 bits/);
    expect(() => parseSid(fromHex('0105000000000005'))).toThrow(/needs 28 bytes/);
    expect(() => parseSid(fromHex('0210000000000005'))).toThrow(/revision 2/);
  });
});

describe('GUID codec (MS-DTYP 2.3.4.2, mixed-endian)', () => {
  it('puts Data1..Data3 little-endian on the wire', () => {
    const wire = formatGuid('00299570-246D-11D0-A768-00AA006E0529');
    expect(toHex(wire)).toBe('709529006d24d011a76800aa006e0529');
    expect(parseGuid(wire)).toBe('00299570-246d-11d0-a768-00aa006e0529');
    expect(parseGuid('{BF967ABA-0DE6-11D0-A285-00AA003049E2}')).toBe(
      'bf967aba-0de6-11d0-a285-00aa003049e2',
    );
  });

  it('rejects what is not a GUID', () => {
    expect(() => parseGuid('bf967aba-0de6-11d0-a285')).toThrow(SdError);
    expect(() => parseGuid(new Uint8Array(15))).toThrow(/16 bytes/);
  });
});

describe('security descriptor codec against Samba 4.17 bytes', () => {
  for (const sample of SAMBA_SAMPLES) {
    it(`fromSddl builds what Samba builds, laid out as Windows lays it out: ${sample.sddl.slice(0, 40)}…`, () => {
      const ours = parseSecurityDescriptor(
        serializeSecurityDescriptor(fromSddl(sample.sddl, DOMAIN_SID)),
      );
      const samba = parseSecurityDescriptor(fromHex(sample.hex));
      expect(toSddl(ours, DOMAIN_SID)).toBe(toSddl(samba, DOMAIN_SID));
      expect(ours.dacl?.aces).toEqual(samba.dacl?.aces);
      expect(ours.sacl?.aces).toEqual(samba.sacl?.aces);
      expect([ours.owner, ours.group, ours.control]).toEqual([
        samba.owner,
        samba.group,
        samba.control,
      ]);
    });

    it(`parses Samba's bytes and renders its SDDL: ${sample.sddl.slice(0, 40)}…`, () => {
      const bytes = fromHex(sample.hex);
      const sd = parseSecurityDescriptor(bytes);
      expect(toSddl(sd, DOMAIN_SID, { style: 'samba' })).toBe(sample.rendered);
      expect(toHex(serializeSecurityDescriptor(sd))).toBe(sample.hex);
    });
  }

  it('decodes the writeback grant field by field', () => {
    const sd = parseSecurityDescriptor(fromHex(SAMBA_SAMPLES[0]!.hex));
    expect(sd.owner).toBe('S-1-5-21-1-2-3-512');
    expect(sd.group).toBe('S-1-5-21-1-2-3-513');
    expect(sd.dacl?.revision).toBe(4);
    expect(sd.dacl?.aces[3]).toEqual({
      kind: 'access-allowed-object',
      flags: 0x0a,
      mask: 0x100,
      objectType: '00299570-246d-11d0-a768-00aa006e0529',
      inheritedObjectType: 'bf967aba-0de6-11d0-a285-00aa003049e2',
      sid: 'S-1-5-21-1-2-3-1105',
    });
    expect(sd.sacl?.aces).toEqual([
      { kind: 'system-audit', flags: 0x40, mask: 0x20, sid: 'S-1-1-0' },
    ]);
  });
});

describe('byte-exact round trips of layouts other writers use', () => {
  it('keeps Windows order (SACL, DACL, owner, group) and gaps between parts', () => {
    const canonical = fromSddl('O:DAG:DUD:(A;;CC;;;WD)S:(AU;SA;CC;;;WD)', DOMAIN_SID);
    const sacl = serializeSecurityDescriptor({
      ...canonical,
      owner: null,
      group: null,
      dacl: null,
      control: 0x8010,
    }).slice(20);
    const dacl = serializeSecurityDescriptor({
      ...canonical,
      owner: null,
      group: null,
      sacl: null,
      control: 0x8004,
    }).slice(20);
    const owner = formatSid('S-1-5-21-1-2-3-512');
    const group = formatSid('S-1-5-21-1-2-3-513');
    const gap = 4;
    const total = 20 + sacl.length + dacl.length + gap + owner.length + group.length;
    const bytes = new Uint8Array(total);
    const view = new DataView(bytes.buffer);
    bytes[0] = 1;
    view.setUint16(2, 0x8014, true);
    let at = 20;
    view.setUint32(12, at, true);
    bytes.set(sacl, at);
    at += sacl.length;
    view.setUint32(16, at, true);
    bytes.set(dacl, at);
    at += dacl.length;
    bytes.set([0xde, 0xad, 0xbe, 0xef], at);
    at += gap;
    view.setUint32(4, at, true);
    bytes.set(owner, at);
    at += owner.length;
    view.setUint32(8, at, true);
    bytes.set(group, at);

    const sd = parseSecurityDescriptor(bytes);
    expect(toSddl(sd, DOMAIN_SID)).toBe('O:DAG:DUD:(A;;CC;;;WD)S:(AU;SA;CC;;;WD)');
    expect(toHex(serializeSecurityDescriptor(sd))).toBe(toHex(bytes));
  });

  it('keeps ACE and ACL padding, reserved fields and unknown ACE types byte for byte', () => {
    // ACL rev 2, sbz1 7, size 48, 2 ACEs, sbz2 9: an allow ACE with 4 bytes of padding, an
    // opaque callback ACE (0x09), then 4 bytes inside AclSize after the last ACE.
    const ace1 = '00001800' + '01000000' + '010100000000000100000000' + 'cafebabe';
    const aclFixed =
      '0207' + '3000' + '0200' + '0900' + ace1 + '09000c00aabbccdd11223344' + 'ffeeddcc';
    const sdHex = '01000480' + '00000000' + '00000000' + '00000000' + '14000000' + aclFixed;
    const bytes = fromHex(sdHex);
    const sd = parseSecurityDescriptor(bytes);
    expect(sd.dacl?.aces[1]).toMatchObject({ kind: 'opaque', aceType: 9 });
    expect(sd.dacl?.aces[0]?.padding).toEqual(fromHex('cafebabe'));
    expect(toHex(serializeSecurityDescriptor(sd))).toBe(sdHex);
    // Edited descriptors are laid out afresh, still valid.
    const edited: SecurityDescriptor = { ...sd, owner: 'S-1-5-18' };
    expect(parseSecurityDescriptor(serializeSecurityDescriptor(edited)).owner).toBe('S-1-5-18');
  });
});
