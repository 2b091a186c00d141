import { describe, expect, it } from 'vitest';
import {
  fromSddl,
  SdError,
  serializeSecurityDescriptor,
  parseSecurityDescriptor,
  toSddl,
} from '../../../shared/sd';
import { DOMAIN_SID, TYPICAL_USER_SDDL } from './fixtures';

describe('SDDL rendering', () => {
  it('renders the writeback grant of domain-facts §1', () => {
    const sddl =
      'D:(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;S-1-5-21-1-2-3-1105)';
    expect(toSddl(fromSddl(sddl, DOMAIN_SID), DOMAIN_SID)).toBe(sddl);
  });

  it('resolves domain-relative aliases only with the domain SID', () => {
    const sd = fromSddl('O:DAG:DUD:(A;;RPWP;;;EA)(A;;CR;;;DA)', DOMAIN_SID);
    expect(sd.owner).toBe('S-1-5-21-1-2-3-512');
    expect(toSddl(sd)).toBe(
      'O:S-1-5-21-1-2-3-512G:S-1-5-21-1-2-3-513D:(A;;RPWP;;;S-1-5-21-1-2-3-519)(A;;CR;;;S-1-5-21-1-2-3-512)',
    );
    expect(toSddl(sd, DOMAIN_SID)).toBe('O:DAG:DUD:(A;;RPWP;;;EA)(A;;CR;;;DA)');
    expect(() => fromSddl('O:DA')).toThrow(/give the domain SID/);
  });

  it('renders rights in Samba order with style samba and falls back to hex when a bit has no code', () => {
    const sd = fromSddl('D:(A;;SWWDRCGA;;;WD)(A;;0x00000200;;;AU)(A;;FA;;;SY)', DOMAIN_SID);
    expect(toSddl(sd, undefined, { style: 'samba' })).toBe(
      'D:(A;;RCWDSWGA;;;WD)(A;;0x00000200;;;AU)(A;;0x001f01ff;;;SY)',
    );
  });

  it('reads every alias, flag and rights code of a typical user object', () => {
    const sd = fromSddl(TYPICAL_USER_SDDL, DOMAIN_SID);
    const samba = { style: 'samba' } as const;
    expect(toSddl(sd, DOMAIN_SID, samba)).toBe(TYPICAL_USER_SDDL);
    const again = parseSecurityDescriptor(serializeSecurityDescriptor(sd));
    expect(toSddl(again, DOMAIN_SID, samba)).toBe(TYPICAL_USER_SDDL);
    expect(toSddl(fromSddl(toSddl(sd, DOMAIN_SID), DOMAIN_SID), DOMAIN_SID, samba)).toBe(
      TYPICAL_USER_SDDL,
    );
  });

  it('reads the example of MS-DTYP 2.5.1.4', () => {
    const sd = fromSddl('O:AOG:DAD:(A;;RPWPCCDCLCSWRCWDWOGA;;;S-1-0-0)', DOMAIN_SID);
    expect(sd.owner).toBe('S-1-5-32-548');
    expect(sd.dacl?.aces[0]).toMatchObject({
      kind: 'access-allowed',
      mask: 0x100e003f,
      sid: 'S-1-0-0',
    });
  });

  it('accepts decimal masks and the NO_ACCESS_CONTROL null DACL', () => {
    expect(fromSddl('D:(A;;12;;;WD)').dacl?.aces[0]).toMatchObject({ mask: 12 });
    const open = fromSddl('D:NO_ACCESS_CONTROL');
    expect(open.dacl).toBeNull();
    expect(open.control & 0x4).toBe(0x4);
  });
});

describe('malformed SDDL gives a typed error with the position', () => {
  const cases: readonly [string, RegExp, number][] = [
    ['X:DA', /Expected a section/, 0],
    ['O:DAO:DA', /appears twice/, 4],
    ['D:(A;;CC;;;WD', /not closed/, 2],
    ['D:(A;;CC;;WD)', /6 fields/, 2],
    ['D:(Q;;CC;;;WD)', /not an ACE type/, 3],
    ['D:(A;XX;CC;;;WD)', /not an ACE flag/, 5],
    ['D:(A;;CCZZ;;;WD)', /not an access right/, 8],
    ['D:(A;;0xZZ;;;WD)', /hexadecimal/, 6],
    ['D:(OA;;CR;not-a-guid;;WD)', /not a GUID/, 10],
    ['D:(A;;CR;00299570-246d-11d0-a768-00aa006e0529;;WD)', /cannot carry object GUIDs/, 9],
    ['D:(A;;CC;;;QQ)', /neither a SID/, 11],
    ['D:(A;;CC;;;S-1-5-x)', /not a number/, 11],
    ['D:(XA;;CC;;;WD;(a==))', /Conditional expression: unexpected "\)"/, 19],
    ['D:(A;;CC;;;WD)junk', /Unexpected "j"/, 14],
    ['D:NO_ACCESS_CONTROL(A;;CC;;;WD)', /NO_ACCESS_CONTROL/, 2],
    ['O:', /Expected a SID/, 2],
  ];
  for (const [sddl, message, position] of cases) {
    it(JSON.stringify(sddl), () => {
      let caught: unknown;
      try {
        fromSddl(sddl, DOMAIN_SID);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SdError);
      expect((caught as SdError).message).toMatch(message);
      expect((caught as SdError).position).toBe(position);
      expect((caught as SdError).code).toBe('sd-bad-sddl');
    });
  }
});
