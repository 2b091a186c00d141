import { Client } from 'ldapts';
import { SdFlagsControl } from '../../../main/directory/sd-flags-control';

export { SdFlagsControl };

export const SD_OWNER = 1;
export const SD_GROUP = 2;
export const SD_DACL = 4;
export const SD_SACL = 8;

export interface LabConnection {
  readonly url: string;
  readonly caPem: string;
}

export async function bindLab(lab: LabConnection, user: string, password: string): Promise<Client> {
  const client = new Client({ url: lab.url, tlsOptions: { ca: [lab.caPem] }, timeout: 60_000 });
  await client.bind(user, password);
  return client;
}

/** Every object's nTSecurityDescriptor under `base`, streamed page by page. */
export async function* readDescriptors(
  client: Client,
  base: string,
  flags: number,
): AsyncGenerator<{ dn: string; sd: Uint8Array }> {
  const pages = client.searchPaginated(
    base,
    {
      scope: 'sub',
      filter: '(objectClass=*)',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
      paged: { pageSize: 500 },
    },
    new SdFlagsControl(flags),
  );
  for await (const page of pages) {
    for (const entry of page.searchEntries) {
      const value = entry['nTSecurityDescriptor'];
      const buffer = Array.isArray(value) ? value[0] : value;
      if (buffer instanceof Buffer) yield { dn: entry.dn, sd: new Uint8Array(buffer) };
    }
  }
}

/** The naming contexts of the DC (domain, configuration, schema, DNS zones). */
export async function namingContexts(client: Client): Promise<string[]> {
  const { searchEntries } = await client.search('', {
    scope: 'base',
    attributes: ['namingContexts'],
  });
  const value = searchEntries[0]?.['namingContexts'];
  return (Array.isArray(value) ? value : [value]).map(String);
}
