import { describe, expect, it } from 'vitest';
import {
  fromSddl,
  parseSecurityDescriptor,
  SdError,
  serializeSecurityDescriptor,
  toSddl,
} from '../../../shared/sd';
import {
  readPairs,
  readVectors,
  SAMBA_VECTOR_DOMAIN_SID as DOMAIN,
  VECTOR_FILES,
} from './samba-vectors';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/**
 * Windows' bytes for these 17 came from an input string other than the one Windows printed
 * for them (the printed shapes, e.g. "(A;;;;;AU)", give revision 2 and no trailing bytes in
 * 163 other vectors): their ACLs say revision 4 and end with 4 zero bytes per empty-rights
 * ACE. Nothing in the printed SDDL can tell them apart, so only the content is compared.
 */
function isUnreproducibleLayout(sddl: string, windows: Uint8Array): boolean {
  const sd = parseSecurityDescriptor(windows);
  const acl = sd.dacl;
  return (
    acl !== null &&
    acl.revision === 4 &&
    (acl.padding?.length ?? 0) > 0 &&
    acl.padding!.every((b) => b === 0) &&
    !/\((?:OA|OD|OU|OL|ZA);/.test(sddl)
  );
}

/** The keys of conditional_aces.txt.json are Samba's inputs, not Windows' output. */
const WINDOWS_PRINTED = VECTOR_FILES.filter((f) => f !== 'conditional_aces.txt.json.gz');

describe("Samba's Windows-captured vectors", { timeout: 120_000 }, () => {
  for (const file of WINDOWS_PRINTED) {
    it(`${file}: bytes → SDDL is the string Windows printed`, () => {
      const wrong = readVectors(file).filter(
        ([sddl, bytes]) => toSddl(parseSecurityDescriptor(bytes), DOMAIN) !== sddl,
      );
      expect(wrong.map(([sddl]) => sddl)).toEqual([]);
    });
  }

  for (const file of VECTOR_FILES) {
    it(`${file}: SDDL → bytes are Windows' bytes`, () => {
      const vectors = readVectors(file);
      const unreproducible: string[] = [];
      const wrong: string[] = [];
      for (const [sddl, windows] of vectors) {
        const ours = serializeSecurityDescriptor(fromSddl(sddl, DOMAIN));
        if (hex(ours) === hex(windows)) continue;
        if (isUnreproducibleLayout(sddl, windows)) {
          unreproducible.push(sddl);
          // Same descriptor all the same: same SDDL, same ACEs.
          const a = parseSecurityDescriptor(ours);
          const b = parseSecurityDescriptor(windows);
          expect(toSddl(a, DOMAIN)).toBe(toSddl(b, DOMAIN));
          expect(a.dacl?.aces).toEqual(b.dacl?.aces);
        } else wrong.push(sddl);
      }
      expect(wrong).toEqual([]);
      const expected =
        { 'short-ordinary-acls.json.gz': 8, 'oversize-acls.json.gz': 9 }[file as string] ?? 0;
      expect(unreproducible.length).toBe(expected);
    });
  }

  it('conditional_aces.txt: the conditional ACEs read and written back in the spelling Samba expects', () => {
    const wrong = readPairs('conditional_aces.txt')
      .map(([input, expected]) => [input, expected, toSddl(fromSddl(input, DOMAIN), DOMAIN)])
      .filter(([, expected, ours]) => expected !== ours);
    expect(wrong).toEqual([]);
  });

  it('conditional_aces.txt.json: the bytes read back to SDDL that encodes to the same bytes', () => {
    for (const [, windows] of readVectors('conditional_aces.txt.json.gz')) {
      const sddl = toSddl(parseSecurityDescriptor(windows), DOMAIN);
      expect(hex(serializeSecurityDescriptor(fromSddl(sddl, DOMAIN)))).toBe(hex(windows));
    }
  });

  it('the SAMBA style still writes what Samba 4.17 writes', () => {
    const sd = fromSddl('D:(A;;SWWDRCGA;;;WD)(A;;0x200;;;AU)(A;;FA;;;SY)', DOMAIN);
    expect(toSddl(sd, DOMAIN, { style: 'samba' })).toBe(
      'D:(A;;RCWDSWGA;;;WD)(A;;0x00000200;;;AU)(A;;0x001f01ff;;;SY)',
    );
    expect(toSddl(sd, DOMAIN)).toBe('D:(A;;SWRCWDGA;;;WD)(A;;0x200;;;AU)(A;;FA;;;SY)');
  });
});

describe('SDDL Windows accepts is read as Windows reads it', () => {
  const files = [
    'windows-canonical.txt',
    'windows-non_canonical.txt',
    'windows-windows_is_less_fussy.txt',
    'windows-windows_is_weird.txt',
    'conditional_aces_windows_only.txt',
  ];
  for (const file of files) {
    it(file, () => {
      const wrong = readPairs(file)
        .map(([input, windows]) => [input, windows, toSddl(fromSddl(input, DOMAIN), DOMAIN)])
        .filter(([, windows, ours]) => windows !== ours);
      expect(wrong).toEqual([]);
    });
  }

  it('reads a mask with a leading zero as octal, as Windows does', () => {
    expect(fromSddl('D:(A;;01234567;;;LG)', DOMAIN).dacl?.aces[0]).toMatchObject({ mask: 0x53977 });
    expect(fromSddl('D:(A;;1234567;;;LG)', DOMAIN).dacl?.aces[0]).toMatchObject({ mask: 1234567 });
  });

  it('reads the empty SDDL as the empty descriptor', () => {
    const bytes = serializeSecurityDescriptor(fromSddl(''));
    expect([...bytes]).toEqual([1, 0, 0, 128, ...new Array<number>(16).fill(0)]);
  });
});

describe('SDDL Windows rejects is rejected, with the position', () => {
  for (const file of [
    'windows-should_fail.txt',
    'windows-windows_is_fussy.txt',
    'conditional_aces_should_fail.txt',
  ]) {
    it(file, () => {
      for (const [input] of readPairs(file)) {
        expect(() => fromSddl(input, DOMAIN), input).toThrow(SdError);
      }
    });
  }

  const pointed: readonly [string, RegExp, number][] = [
    ['D:((A;;GA;;;LG))', /Unexpected "\(" inside an ACE: expected an ACE type/, 3],
    ['D:(A;;RP;;;WD)(AU;SA;CR;;;BA)', /belongs in the SACL/, 15],
    ['D:(A;;GA ;;;LG)', /cannot end the rights/, 8],
    ['D:(XA;;CC;;;WD;(! Member_of {SID(BA)}))', /expected "\(" after "!"/, 18],
  ];
  for (const [sddl, message, position] of pointed) {
    it(JSON.stringify(sddl), () => {
      let caught: unknown;
      try {
        fromSddl(sddl, DOMAIN);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SdError);
      expect((caught as SdError).message).toMatch(message);
      expect((caught as SdError).position).toBe(position);
    });
  }
});
