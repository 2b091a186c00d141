/**
 * GptTmpl.inf, the security template of a GPO (docs/domain-facts.md §3): read and set
 * `[System Access] MinimumPasswordAge`, keeping every other byte of the file.
 */
import {
  corrupt,
  decodeInf,
  dominantEnding,
  encodeInf,
  joinLines,
  sectionName,
  splitLines,
  type InfLine,
} from './inf-text';

/** `<sysvol>/Policies/{GUID}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf`. */
export function gptTmplPath(sysvol: string, gpoGuid: string, separator = '/'): string {
  return [
    sysvol,
    'Policies',
    gpoGuid,
    'MACHINE',
    'Microsoft',
    'Windows NT',
    'SecEdit',
    'GptTmpl.inf',
  ].join(separator);
}

const systemAccess = 'System Access';
const minimumPasswordAge = 'MinimumPasswordAge';

interface SystemAccessSection {
  /** Index of the `[System Access]` header line. */
  readonly header: number;
  /** One past its last line. */
  readonly end: number;
  /** Key (lower case) → line index. */
  readonly keys: Map<string, number>;
}

function findSystemAccess(lines: readonly InfLine[], path: string): SystemAccessSection {
  let header = -1;
  let end = lines.length;
  for (const [index, line] of lines.entries()) {
    const name = sectionName(line.content);
    if (name === undefined) continue;
    if (name.toLowerCase() === systemAccess.toLowerCase()) {
      if (header !== -1) throw corrupt(path, `it has two [${systemAccess}] sections`);
      header = index;
      end = lines.length;
    } else if (header !== -1 && end === lines.length) {
      end = index;
    }
  }
  if (header === -1) {
    throw corrupt(
      path,
      `it has no [${systemAccess}] section, so it is not a GPO security template`,
    );
  }
  const keys = new Map<string, number>();
  for (let index = header + 1; index < end; index += 1) {
    const content = lines[index]!.content.trim();
    if (content === '' || content.startsWith(';')) continue;
    const key = /^([^=]+?)\s*=/.exec(content)?.[1];
    if (key === undefined)
      throw corrupt(path, `line ${index + 1} in [${systemAccess}] is not "key = value"`);
    if (keys.has(key.toLowerCase())) {
      throw corrupt(
        path,
        `${key} appears twice in [${systemAccess}] (lines ${keys.get(key.toLowerCase())! + 1} and ${index + 1})`,
      );
    }
    keys.set(key.toLowerCase(), index);
  }
  return { header, end, keys };
}

/** The file's MinimumPasswordAge in days, or undefined when this GPO does not set it. */
export function readMinimumPasswordAge(bytes: Uint8Array, path: string): number | undefined {
  const lines = splitLines(decodeInf(bytes, path).text);
  const section = findSystemAccess(lines, path);
  const index = section.keys.get(minimumPasswordAge.toLowerCase());
  if (index === undefined) return undefined;
  const value = lines[index]!.content.split('=')[1]!.trim();
  if (!/^\d+$/.test(value) || Number(value) > 998) {
    throw corrupt(path, `MinimumPasswordAge is "${value}", not a number of days from 0 to 998`);
  }
  return Number(value);
}

/** The same file with `MinimumPasswordAge = days` (the key is added at the end of its section when absent). */
export function setMinimumPasswordAge(bytes: Uint8Array, days: number, path: string): Buffer {
  const inf = decodeInf(bytes, path);
  const lines = splitLines(inf.text);
  const section = findSystemAccess(lines, path);
  const index = section.keys.get(minimumPasswordAge.toLowerCase());
  const edited = [...lines];
  if (index !== undefined) {
    // Keep the key's spelling and the spacing around '=' exactly as they were.
    const match = /^(\s*[^=]+?\s*=\s*)(.*?)(\s*)$/.exec(lines[index]!.content)!;
    edited[index] = { content: `${match[1]}${days}${match[3]}`, ending: lines[index]!.ending };
  } else {
    // After the section's last non-blank line, as secedit orders it within the section.
    let insertAt = section.end;
    while (insertAt - 1 > section.header && edited[insertAt - 1]!.content.trim() === '')
      insertAt -= 1;
    const ending = dominantEnding(lines);
    const previous = edited[insertAt - 1]!;
    // A section that ends the file without a final line break: the new line takes that place.
    const endsFile = previous.ending === '';
    if (endsFile) edited[insertAt - 1] = { content: previous.content, ending };
    edited.splice(insertAt, 0, {
      content: `${minimumPasswordAge} = ${days}`,
      ending: endsFile ? '' : ending,
    });
  }
  return encodeInf({ encoding: inf.encoding, text: joinLines(edited) });
}
