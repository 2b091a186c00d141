/**
 * Deterministic mutations of real descriptors for the fuzz test and bench/sd-fuzz.ts:
 * flipped bits, random bytes, truncation, extension, and counts, sizes and offsets
 * overwritten with hostile values.
 */
export function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

const HOSTILE_16 = [0, 1, 3, 4, 7, 8, 19, 20, 21, 0x7fff, 0x8000, 0xfffe, 0xffff];
const HOSTILE_32 = [0, 1, 4, 19, 20, 0x14, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];

export function mutate(source: Uint8Array, random: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(random() * n);
  let bytes = source.slice();
  const rounds = 1 + pick(4);
  for (let round = 0; round < rounds; round++) {
    const at = bytes.length ? pick(bytes.length) : 0;
    switch (pick(8)) {
      case 0:
        if (bytes.length) bytes[at] = bytes[at]! ^ (1 << pick(8));
        break;
      case 1:
        if (bytes.length) bytes[at] = pick(256);
        break;
      case 2:
        bytes = bytes.slice(0, pick(bytes.length + 1));
        break;
      case 3: {
        const longer = new Uint8Array(bytes.length + 1 + pick(64));
        longer.set(bytes);
        for (let i = bytes.length; i < longer.length; i++) longer[i] = pick(256);
        bytes = longer;
        break;
      }
      case 4:
        if (at + 2 <= bytes.length)
          new DataView(bytes.buffer).setUint16(at, HOSTILE_16[pick(HOSTILE_16.length)]!, true);
        break;
      case 5:
        if (at + 4 <= bytes.length)
          new DataView(bytes.buffer).setUint32(at, HOSTILE_32[pick(HOSTILE_32.length)]!, true);
        break;
      case 6: {
        // Point one of the four header offsets somewhere else.
        if (bytes.length >= 20)
          new DataView(bytes.buffer).setUint32(4 + 4 * pick(4), pick(bytes.length + 8), true);
        break;
      }
      default: {
        // Duplicate a slice (overlapping structures).
        const from = pick(bytes.length + 1);
        const length = pick(Math.max(1, bytes.length - from));
        const copy = bytes.slice(from, from + length);
        const target = pick(bytes.length + 1);
        const merged = new Uint8Array(bytes.length + copy.length);
        merged.set(bytes.slice(0, target));
        merged.set(copy, target);
        merged.set(bytes.slice(target), target + copy.length);
        bytes = merged;
      }
    }
  }
  return bytes;
}
