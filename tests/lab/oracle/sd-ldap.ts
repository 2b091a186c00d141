import { BerWriter, Client, Control } from 'ldapts';

/**
 * LDAP_SERVER_SD_FLAGS_OID (1.2.840.113556.1.4.801; MS-ADTS 3.1.1.3.4.1.11): which parts of
 * nTSecurityDescriptor to read or write. Value: BER SEQUENCE { INTEGER flags } in an OCTET STRING.
 */
export class SdFlagsControl extends Control {
  static readonly oid = '1.2.840.113556.1.4.801';
  constructor(readonly flags: number) {
    super(SdFlagsControl.oid, { critical: true });
  }
  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(this.flags);
    value.endSequence();
    writer.writeBuffer(value.buffer, 0x04);
  }
}

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
