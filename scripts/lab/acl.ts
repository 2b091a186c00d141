/** DACL edits for the seed, through Samba's own SDDL codec (sd-edit.py on the local sam.ldb). */
import { fileURLToPath } from 'node:url';
import { labPaths } from './paths';
import { run } from './run';

export type DaclEdit =
  | { readonly op: 'protect'; readonly dn: string }
  | { readonly op: 'copyProtected'; readonly dn: string; readonly from: string }
  | { readonly op: 'addAces'; readonly dn: string; readonly aces: readonly string[] }
  | { readonly op: 'read'; readonly dn: string };

const script = fileURLToPath(new URL('./sd-edit.py', import.meta.url));

/** Applies the edits in order; returns each object's DACL afterwards, as SDDL. */
export async function editDacls(
  edits: readonly DaclEdit[],
): Promise<{ dn: string; dacl: string }[]> {
  // Debian's python3 has the samba bindings (a pyenv python on PATH would not).
  const { stdout } = await run('/usr/bin/python3', [script, labPaths.smbConf, labPaths.samLdb], {
    input: JSON.stringify(edits),
  });
  return JSON.parse(stdout) as { dn: string; dacl: string }[];
}

/** Rights GUIDs (docs/domain-facts.md §1; MS-ADTS 5.1.3.2.1). */
export const rightsGuid = {
  resetPassword: '00299570-246d-11d0-a768-00aa006e0529',
  changePassword: 'ab721a53-1e2f-11d0-9819-00aa0040529b',
  replicatingDirectoryChanges: '1131f6aa-9c07-11d1-f79f-00c04fc2dcd2',
  replicatingDirectoryChangesAll: '1131f6ad-9c07-11d1-f79f-00c04fc2dcd2',
  userClass: 'bf967aba-0de6-11d0-a285-00aa003049e2',
} as const;
