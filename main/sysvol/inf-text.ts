/**
 * The text of an INF/INI file as Windows writes it, and back to the same bytes: UTF-16LE with
 * a BOM (secedit's GptTmpl.inf), UTF-8 with or without BOM, or ANSI (GPT.INI). Only the edited
 * line changes; the encoding, the BOM and every line ending are kept.
 */
import { badInput, type WizardError } from '../../shared/errors';

export type InfEncoding = 'utf16le-bom' | 'utf8-bom' | 'utf8' | 'ansi';

export interface InfText {
  readonly encoding: InfEncoding;
  readonly text: string;
}

export function decodeInf(bytes: Uint8Array, path: string): InfText {
  const buffer = Buffer.from(bytes);
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff) {
    throw corrupt(path, 'it is UTF-16 big-endian, which Windows never writes for this file');
  }
  let encoding: InfEncoding;
  let text: string;
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe) {
    if ((buffer.length - 2) % 2 !== 0) {
      throw corrupt(
        path,
        `it is UTF-16 with an odd number of bytes (${buffer.length}): it was cut short`,
      );
    }
    encoding = 'utf16le-bom';
    text = buffer.subarray(2).toString('utf16le');
  } else if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) {
    encoding = 'utf8-bom';
    text = buffer.subarray(3).toString('utf8');
  } else {
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    try {
      text = utf8.decode(buffer);
      encoding = 'utf8';
    } catch {
      text = buffer.toString('latin1');
      encoding = 'ansi';
    }
    if (encoding === 'utf8' && /^(\w\0){2}/.test(text)) {
      throw corrupt(path, 'it looks like UTF-16 without its byte order mark (FF FE)');
    }
  }
  // Binary junk: NULs or control characters have no place in an INF file.
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const junk = text.search(/[\0-\x08\x0b\x0c\x0e-\x1f\ufffd]/);
  if (junk !== -1) {
    const line = text.slice(0, junk).split(/\r\n|\n|\r/).length;
    throw corrupt(path, `it holds binary data at line ${line}`);
  }
  return { encoding, text };
}

export function encodeInf(inf: InfText): Buffer {
  switch (inf.encoding) {
    case 'utf16le-bom':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(inf.text, 'utf16le')]);
    case 'utf8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(inf.text, 'utf8')]);
    case 'utf8':
      return Buffer.from(inf.text, 'utf8');
    case 'ansi':
      return Buffer.from(inf.text, 'latin1');
  }
}

/** One line and the ending that followed it ('' for a last line without one). */
export interface InfLine {
  readonly content: string;
  readonly ending: string;
}

export function splitLines(text: string): InfLine[] {
  const lines: InfLine[] = [];
  const pattern = /(.*?)(\r\n|\n|\r|$)/gy;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (match[0] === '' && pattern.lastIndex >= text.length) break;
    lines.push({ content: match[1]!, ending: match[2]! });
    if (match[2] === '') break;
  }
  return lines;
}

export function joinLines(lines: readonly InfLine[]): string {
  return lines.map((line) => line.content + line.ending).join('');
}

/** The line ending most lines use (for a line the tool adds). */
export function dominantEnding(lines: readonly InfLine[]): string {
  const counts = new Map<string, number>();
  for (const { ending } of lines) if (ending) counts.set(ending, (counts.get(ending) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '\r\n';
}

export function sectionName(content: string): string | undefined {
  return /^\s*\[([^\]]+)\]\s*$/.exec(content)?.[1]?.trim();
}

export function corrupt(path: string, what: string): WizardError {
  return badInput(
    'sysvol-file-corrupt',
    `${path} cannot be edited safely: ${what}. It was left as it was.`,
    'Open the GPO in Group Policy Management Editor and save it (or restore the file from a backup), then plan again.',
  );
}
