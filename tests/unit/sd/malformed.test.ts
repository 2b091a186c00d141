import { describe, expect, it } from 'vitest';
import {
  evaluateAccess,
  fromSddl,
  parseSecurityDescriptor,
  SdError,
  serializeSecurityDescriptor,
  toSddl,
  WritebackGuid,
} from '../../../shared/sd';
import { DOMAIN_SID, fromHex, SAMBA_SAMPLES, toHex, TYPICAL_USER_SDDL } from './fixtures';
import { mutate, prng } from './mutate';

function errorOf(run: () => unknown): SdError {
  try {
    run();
  } catch (error) {
    if (error instanceof SdError) return error;
    throw error;
  }
  throw new Error('expected an SdError');
}

const valid = serializeSecurityDescriptor(fromSddl(TYPICAL_USER_SDDL, DOMAIN_SID));
const withOffsets = (patch: (view: DataView) => void): Uint8Array => {
  const bytes = valid.slice();
  patch(new DataView(bytes.buffer));
  return bytes;
};

describe('malformed descriptors give a typed SdError with the byte offset', () => {
  it('truncated header', () => {
    const error = errorOf(() => parseSecurityDescriptor(valid.slice(0, 12)));
    expect(error.code).toBe('sd-truncated');
    expect(error.offset).toBe(0);
  });

  it('truncated in the group SID (Windows writes it last)', () => {
    const error = errorOf(() => parseSecurityDescriptor(valid.slice(0, valid.length - 10)));
    expect(error.code).toBe('sd-truncated');
    expect(error.message).toMatch(/SID with 5 sub-authorities needs 28 bytes/);
  });

  it('truncated in the middle of the DACL', () => {
    const daclOffset = new DataView(valid.buffer, valid.byteOffset).getUint32(16, true);
    const bytes = valid.slice();
    new DataView(bytes.buffer).setUint32(4, 0, true); // no owner
    new DataView(bytes.buffer).setUint32(8, 0, true); // no group
    const error = errorOf(() => parseSecurityDescriptor(bytes.slice(0, daclOffset + 40)));
    expect(error.code).toBe('sd-bad-acl');
    expect(error.message).toMatch(/runs \d+ bytes past the end/);
  });

  it('an offset outside the buffer', () => {
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint32(16, 0xffff0000, true))),
    );
    expect(error.code).toBe('sd-bad-offset');
    expect(error.offset).toBe(16);
  });

  it('an offset into the header', () => {
    expect(
      errorOf(() => parseSecurityDescriptor(withOffsets((v) => v.setUint32(4, 8, true)))).message,
    ).toMatch(/into the header/);
  });

  it('owner and group overlapping each other', () => {
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint32(8, v.getUint32(4, true), true))),
    );
    expect(error.code).toBe('sd-overlap');
  });

  it('the DACL overlapping the owner', () => {
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint32(16, v.getUint32(4, true), true))),
    );
    expect(['sd-overlap', 'sd-bad-acl', 'sd-bad-revision']).toContain(error.code);
  });

  it('an oversized ACE count', () => {
    const dacl = new DataView(valid.buffer).getUint32(16, true);
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint16(dacl + 4, 0xffff, true))),
    );
    expect(error.code).toBe('sd-bad-acl');
    expect(error.message).toMatch(/claims 65535 ACEs/);
  });

  it('an ACE size larger than the ACL', () => {
    const dacl = new DataView(valid.buffer).getUint32(16, true);
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint16(dacl + 8 + 2, 0xfff0, true))),
    );
    expect(error.code).toBe('sd-bad-ace');
    expect(error.offset).toBe(dacl + 8);
  });

  it('an ACE size too small for its SID', () => {
    const dacl = new DataView(valid.buffer).getUint32(16, true);
    const error = errorOf(() =>
      parseSecurityDescriptor(withOffsets((v) => v.setUint16(dacl + 8 + 2, 12, true))),
    );
    expect(error.code).toBe('sd-bad-ace');
    expect(error.message).toMatch(/too small|runs past/);
  });

  it('an ACE size smaller than its header', () => {
    const dacl = new DataView(valid.buffer).getUint32(16, true);
    expect(
      errorOf(() => parseSecurityDescriptor(withOffsets((v) => v.setUint16(dacl + 8 + 2, 2, true))))
        .message,
    ).toMatch(/smaller than its own header/);
  });

  it('a wrong revision and a non-self-relative descriptor', () => {
    expect(errorOf(() => parseSecurityDescriptor(withOffsets((v) => v.setUint8(0, 2)))).code).toBe(
      'sd-bad-revision',
    );
    expect(
      errorOf(() => parseSecurityDescriptor(withOffsets((v) => v.setUint16(2, 0x0004, true))))
        .message,
    ).toMatch(/self-relative/);
  });

  it('random bytes', () => {
    const random = prng(42);
    for (let i = 0; i < 2000; i++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 200) }, () =>
        Math.floor(random() * 256),
      );
      try {
        parseSecurityDescriptor(bytes);
      } catch (error) {
        expect(error).toBeInstanceOf(SdError);
      }
    }
  });
});

describe('fuzz: 20,000 mutations of real descriptors', () => {
  it('never throws anything but SdError, and what parses round-trips', () => {
    const seeds = [valid, ...SAMBA_SAMPLES.map((sample) => fromHex(sample.hex))];
    const random = prng(20260601);
    const token = { userSid: `${DOMAIN_SID}-1105`, groupSids: [`${DOMAIN_SID}-513`] };
    let parsed = 0;
    for (let i = 0; i < 20_000; i++) {
      const bytes = mutate(seeds[i % seeds.length]!, random);
      for (const step of [
        () => {
          const sd = parseSecurityDescriptor(bytes);
          parsed++;
          const again = serializeSecurityDescriptor(sd);
          if (toHex(again) !== toHex(bytes)) throw new Error(`round trip changed mutation ${i}`);
          toSddl(sd, DOMAIN_SID);
        },
        () =>
          evaluateAccess({
            token,
            sd: bytes,
            request: { kind: 'control-access', rightGuid: WritebackGuid.resetPassword },
            objectClassGuid: WritebackGuid.userClass,
          }),
      ]) {
        try {
          step();
        } catch (error) {
          if (!(error instanceof SdError)) throw error;
        }
      }
    }
    expect(parsed).toBeGreaterThan(1000);
  }, 120_000);
});

describe('fuzz: 10,000 mutated SDDL strings', () => {
  it('either parse or give an SdError with a position, never anything else', () => {
    const random = prng(7);
    const alphabet = 'ODGS:;()-0123456789abcdefxADUCIPRWSOG';
    let rejected = 0;
    for (let i = 0; i < 10_000; i++) {
      const chars = TYPICAL_USER_SDDL.split('');
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = Math.floor(random() * chars.length);
        const choice = random();
        if (choice < 0.4) chars.splice(at, 1);
        else if (choice < 0.8) chars[at] = alphabet[Math.floor(random() * alphabet.length)]!;
        else chars.splice(at, 0, alphabet[Math.floor(random() * alphabet.length)]!);
      }
      try {
        const sd = fromSddl(chars.join(''), DOMAIN_SID);
        parseSecurityDescriptor(serializeSecurityDescriptor(sd));
      } catch (error) {
        expect(error).toBeInstanceOf(SdError);
        expect((error as SdError).position ?? (error as SdError).offset).toBeTypeOf('number');
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(1000);
  }, 120_000);
});
