import { Attribute, Change, Client } from 'ldapts';
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

/** A DACL as the DC holds it (SD flags: DACL only), raw bytes. */
export async function readDacl(client: Client, dn: string): Promise<Buffer> {
  const { searchEntries } = await client.search(
    dn,
    {
      scope: 'base',
      attributes: ['nTSecurityDescriptor'],
      explicitBufferAttributes: ['nTSecurityDescriptor'],
    },
    new SdFlagsControl(SD_DACL),
  );
  const value = searchEntries[0]?.['nTSecurityDescriptor'];
  const sd = Array.isArray(value) ? value[0] : value;
  if (!(sd instanceof Buffer)) throw new Error(`No nTSecurityDescriptor for ${dn}`);
  return sd;
}

export async function writeDacl(client: Client, dn: string, sd: Uint8Array): Promise<void> {
  await client.modify(
    dn,
    new Change({
      operation: 'replace',
      modification: new Attribute({ type: 'nTSecurityDescriptor', values: [Buffer.from(sd)] }),
    }),
    new SdFlagsControl(SD_DACL),
  );
}

/**
 * Puts the domain root's DACL back to its exact original bytes, on a fresh connection (the
 * test's own may be broken), retrying while the DC is briefly unreachable; verifies by re-reading.
 * The lab is shared: a test that grants on the root must leave it exactly as it found it.
 */
export async function restoreRootDacl(
  lab: LabConnection & { admin: { dn: string; password: string }; baseDn: string },
  original: Buffer,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 10; attempt++) {
    let client: Client | undefined;
    try {
      client = await bindLab(lab, lab.admin.dn, lab.admin.password);
      if (!(await readDacl(client, lab.baseDn)).equals(original))
        await writeDacl(client, lab.baseDn, original);
      if ((await readDacl(client, lab.baseDn)).equals(original)) return;
      lastError = new Error('the DACL read back differs from the original');
    } catch (error) {
      lastError = error;
    } finally {
      await client?.unbind().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
  throw new Error(
    `The domain root DACL was NOT restored to its original bytes: ${String(lastError)}`,
  );
}
