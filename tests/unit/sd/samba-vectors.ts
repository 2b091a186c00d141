import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';

/**
 * Samba's descriptors captured from Windows (see tests/unit/sd/fixtures/samba/README.md): each
 * key is the SDDL Windows printed for the bytes beside it.
 */
export const SAMBA_VECTOR_DOMAIN_SID = 'S-1-5-21-2457507606-2709100691-398136650';

const DIR = join(__dirname, 'fixtures', 'samba');

export const VECTOR_FILES = [
  'short-ordinary-acls.json.gz',
  'short-ordinary-acls-v2.json.gz',
  'short-conditional-and-resource-aces-successes.json.gz',
  'short-conditional-and-resource-aces-tx-int.json.gz',
  'registry-object-rights.json.gz',
  'oversize-acls.json.gz',
  'conditional_aces.txt.json.gz',
] as const;

export function readVectors(file: string): [string, Uint8Array][] {
  const json = JSON.parse(gunzipSync(readFileSync(join(DIR, file))).toString('utf8')) as Record<
    string,
    number[]
  >;
  return Object.entries(json).map(([sddl, bytes]) => [sddl, Uint8Array.from(bytes)]);
}

/** "input -> output" lines (output = input when there is no arrow); # lines are comments. */
export function readPairs(file: string): [string, string][] {
  return readFileSync(join(DIR, file), 'utf8')
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf(' -> ');
      return at < 0 ? [line, line] : [line.slice(0, at), line.slice(at + 4)];
    });
}
