/**
 * GPT.INI's `Version=`: the upper 16 bits count user-half changes, the lower 16 bits
 * computer-half changes (docs/domain-facts.md §3). After a Computer Configuration edit the computer
 * half goes up by one (wrapping to 1, never 0) and the GPC's versionNumber gets the same value,
 * or clients keep the old policy.
 */
import { corrupt, decodeInf, encodeInf, joinLines, sectionName, splitLines } from './inf-text';

export function gptIniPath(sysvol: string, gpoGuid: string, separator = '/'): string {
  return [sysvol, 'Policies', gpoGuid, 'GPT.INI'].join(separator);
}

/** The next version after a computer-half change. */
export function bumpComputerVersion(version: number): number {
  const unsigned = version >>> 0;
  const user = unsigned >>> 16;
  let computer = (unsigned & 0xffff) + 1;
  if (computer > 0xffff) computer = 1;
  return ((user << 16) | computer) >>> 0;
}

/** versionNumber is a 32-bit signed INTEGER in AD; GPT.INI writes it unsigned. */
export function toVersionNumberAttribute(version: number): string {
  return String(version | 0);
}

export function fromVersionNumberAttribute(value: string): number {
  return Number(value) >>> 0;
}

function findVersion(bytes: Uint8Array, path: string) {
  const inf = decodeInf(bytes, path);
  const lines = splitLines(inf.text);
  let section: string | undefined;
  let found: number | undefined;
  for (const [index, line] of lines.entries()) {
    const name = sectionName(line.content);
    if (name !== undefined) {
      section = name.toLowerCase();
      continue;
    }
    if (section === 'general' && /^\s*version\s*=/i.test(line.content)) {
      if (found !== undefined) throw corrupt(path, `Version= appears twice in [General]`);
      found = index;
    }
  }
  if (found === undefined) throw corrupt(path, 'it has no [General] Version= line');
  const value = lines[found]!.content.split('=')[1]!.trim();
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw corrupt(path, `Version is "${value}", not a 32-bit number`);
  }
  return { inf, lines, index: found, version: Number(value) };
}

export function readGptIniVersion(bytes: Uint8Array, path: string): number {
  return findVersion(bytes, path).version;
}

export function setGptIniVersion(bytes: Uint8Array, version: number, path: string): Buffer {
  const { inf, lines, index } = findVersion(bytes, path);
  const match = /^(\s*version\s*=\s*)(\d+)(\s*)$/i.exec(lines[index]!.content)!;
  const edited = [...lines];
  edited[index] = {
    content: `${match[1]}${version >>> 0}${match[3]}`,
    ending: lines[index]!.ending,
  };
  return encodeInf({ encoding: inf.encoding, text: joinLines(edited) });
}
