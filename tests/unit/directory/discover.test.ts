import { describe, expect, it } from 'vitest';
import type { Directory, DirectoryEntry } from '../../../main/directory/directory';
import {
  parseConnectorDescription,
  selectConnectorAccount,
} from '../../../main/directory/discover';
import { guid, sid as sidOf } from '../../../main/directory/entry';

const description = (id: string, computer: string) =>
  `Account created by Microsoft Azure Active Directory Connect with installation identifier ${id} running on computer ${computer} configured to synchronize to tenant contoso.onmicrosoft.com. This account must have directory replication permissions in the local Active Directory and write permission on certain attributes to enable Hybrid Deployment.`;

function fakeDirectory(users: DirectoryEntry[]): Directory {
  return {
    rootDse: () =>
      Promise.resolve({
        dn: '',
        values: { defaultnamingcontext: ['DC=contoso,DC=com'] },
        bytes: {},
      }),
    search: async function* () {
      yield* users;
    },
  } as unknown as Directory;
}

function msol(name: string, id: string, computer: string, uac: string): DirectoryEntry {
  return {
    dn: `CN=${name},CN=Users,DC=contoso,DC=com`,
    values: {
      samaccountname: [name],
      description: [description(id, computer)],
      useraccountcontrol: [uac],
    },
    bytes: {},
  };
}

describe('discovery parsing', () => {
  it('parses AD Connect’s description', () => {
    expect(
      parseConnectorDescription(description('1d29db849574f8bbd4286a6ca01a0ac6', 'AADC01')),
    ).toEqual({
      installationId: '1d29db849574f8bbd4286a6ca01a0ac6',
      computerName: 'AADC01',
      tenant: 'contoso.onmicrosoft.com',
    });
    expect(parseConnectorDescription('Some other service account')).toBeUndefined();
  });

  it('decodes SIDs and GUIDs of an entry (MS-DTYP 2.4.2.2, 2.3.4.2)', () => {
    const sid = Uint8Array.from([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 32, 2, 0, 0]);
    const bytes = Uint8Array.from([
      0x70, 0x95, 0x29, 0x00, 0x6d, 0x24, 0xd0, 0x11, 0xa7, 0x68, 0x00, 0xaa, 0x00, 0x6e, 0x05,
      0x29,
    ]);
    const entry = { dn: 'CN=x', values: {}, bytes: { objectsid: [sid], schemaidguid: [bytes] } };
    expect(sidOf(entry)).toBe('S-1-5-32-544');
    expect(guid(entry, 'schemaIDGUID')).toBe('00299570-246d-11d0-a768-00aa006e0529');
  });

  it('several enabled connectors and none chosen: exit 2 listing each with its details', async () => {
    const dir = fakeDirectory([
      msol('MSOL_aaaaaaaaaaaa', '11111111111111111111111111111111', 'AADC01', '512'),
      msol('MSOL_bbbbbbbbbbbb', '22222222222222222222222222222222', 'AADC02', '512'),
    ]);
    const error = await selectConnectorAccount(dir).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'connector-ambiguous', exitCode: 2 });
    const message = (error as Error).message;
    for (const text of [
      'MSOL_aaaaaaaaaaaa',
      'AADC02',
      '22222222222222222222222222222222',
      'contoso.onmicrosoft.com',
    ]) {
      expect(message).toContain(text);
    }
  });

  it('one enabled and one disabled: the enabled one is chosen', async () => {
    const dir = fakeDirectory([
      msol('MSOL_aaaaaaaaaaaa', '11111111111111111111111111111111', 'AADC01', '514'),
      msol('MSOL_bbbbbbbbbbbb', '22222222222222222222222222222222', 'AADC02', '512'),
    ]);
    expect((await selectConnectorAccount(dir)).sAMAccountName).toBe('MSOL_bbbbbbbbbbbb');
  });
});
