/**
 * The one door to AD: reads stream (normalised entries, binary attributes as bytes, paged, with
 * an AbortSignal and progress), and one write primitive (a replace of one object's attributes,
 * with the SD flags control for nTSecurityDescriptor). A read is retried once on a fresh
 * connection when the old one dropped; a write never is (it may have landed). Checking a target
 * before writing it (drift) and reading it back is the plan engine's (main/plan/apply.ts).
 */
import {
  Attribute,
  Change,
  type Client,
  type Entry,
  type SearchOptions as LdaptsSearchOptions,
} from 'ldapts';
import { ExitCode, WizardError } from '../../shared/errors';
import { parseFilter } from './binary-filter';
import { readBinaryAttributesAsBytes } from './binary-values';
import { bytes } from './entry';
import { SdFlags, SdFlagsControl } from './sd-flags-control';

/** One object: string values and binary values, by lower-case attribute name. */
export interface DirectoryEntry {
  readonly dn: string;
  readonly values: Readonly<Record<string, readonly string[]>>;
  readonly bytes: Readonly<Record<string, readonly Uint8Array[]>>;
}

export interface ScanProgress {
  readonly count: number;
  readonly ratePerSecond: number;
  readonly estimatedTotal?: number;
}

export interface SearchOptions {
  readonly filter?: string;
  readonly scope?: 'base' | 'one' | 'sub';
  readonly attributes: readonly string[];
  /** Attributes to return as bytes besides the known binary ones. */
  readonly binaryAttributes?: readonly string[];
  readonly pageSize?: number;
  readonly signal?: AbortSignal;
  /** SdFlags for nTSecurityDescriptor (default owner+group+DACL; SACL only when asked). */
  readonly sdFlags?: number;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** A known total (e.g. from a count the caller has) for the progress estimate. */
  readonly estimatedTotal?: number;
}

/** One attribute's new values: strings, or bytes for binary attributes. */
export interface AttributeReplacement {
  readonly attribute: string;
  readonly values: readonly (string | Uint8Array)[];
}

export interface Directory {
  rootDse(): Promise<DirectoryEntry>;
  search(base: string, options: SearchOptions): AsyncIterable<DirectoryEntry>;
  read(
    dn: string,
    attributes: readonly string[],
    sdFlags?: number,
  ): Promise<DirectoryEntry | undefined>;
  readSecurityDescriptor(dn: string, flags: number): Promise<Uint8Array>;
  /**
   * The one write: replaces these attributes of one object in one LDAP modify (atomic per
   * entry). nTSecurityDescriptor is written with the SD flags control (`sdFlags`, DACL only by
   * default). Never retried (it may have landed); the LDAP error is thrown as it came, for the
   * caller to say what it was writing.
   */
  write(
    dn: string,
    changes: readonly AttributeReplacement[],
    options?: { readonly sdFlags?: number },
  ): Promise<void>;
  /**
   * The same account on another DC of the domain (`ldaps://dc2.contoso.com`): the same TLS
   * trust and the same credentials, which stay in this connection's reconnect closure, so a
   * caller watching every writable DC never holds the password. The caller closes it.
   * `tlsFingerprint` pins that DC's own certificate instead (a pin is one DC's: another DC
   * never matches the first one's).
   */
  openAt(url: string, trust?: { readonly tlsFingerprint?: string }): Promise<Directory>;
  /**
   * Another connection to this same DC as this same account (TLS and bind as this one was
   * opened), for a scan split across streams (split-search.ts). The caller closes it.
   */
  openAnother(): Promise<Directory>;
  close(): Promise<void>;
}

/** Attributes whose values are bytes (MS-ADTS syntaxes 2.5.5.10 / 2.5.5.15 / 2.5.5.17). */
export const binaryAttributeNames = [
  'nTSecurityDescriptor',
  'objectSid',
  'objectGUID',
  'tokenGroups',
  'schemaIDGUID',
  'attributeSecurityGUID',
  'sIDHistory',
  'msDS-GenerationId',
  'replPropertyMetaData',
];

readBinaryAttributesAsBytes(binaryAttributeNames);

const defaultSdFlags = SdFlags.OWNER | SdFlags.GROUP | SdFlags.DACL;

function isDropped(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    /connection (is )?closed|socket (hang up|closed)|not connected/i.test(message)
  );
}

function toEntry(raw: Entry): DirectoryEntry {
  const values: Record<string, string[]> = {};
  const bytes: Record<string, Uint8Array[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'dn') continue;
    const key = name.toLowerCase();
    const list = Array.isArray(value) ? value : [value];
    if (list.length > 0 && Buffer.isBuffer(list[0])) {
      bytes[key] = (list as Buffer[]).map(
        (b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength),
      );
    } else {
      values[key] = list as string[];
    }
  }
  return { dn: raw.dn, values, bytes };
}

/**
 * Pages one ahead: the next page is asked for as soon as one arrives, so the DC builds it while
 * this side decodes and judges the one in hand (without it the DC waits on us page after page).
 * At most two pages are held.
 */
async function* readAhead<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const page = await next;
      if (page.done) return;
      next = iterator.next();
      // Awaited on the next turn; when the reader stops first, its failure must not go unhandled.
      next.catch(() => undefined);
      yield page.value;
    }
  } finally {
    await iterator.return?.(undefined);
  }
}

/** Opens the same account at another DC; without one, a connection refuses to. */
export type OpenAt = (
  url: string,
  trust?: { readonly tlsFingerprint?: string },
) => Promise<Directory>;

const cannotOpenElsewhere: OpenAt = () =>
  Promise.reject(
    new WizardError(
      'directory-cannot-open-elsewhere',
      'This connection cannot open another domain controller.',
      'Connect to the directory again, then retry.',
      ExitCode.connect,
    ),
  );

export class LdapDirectory implements Directory {
  private closed = false;
  constructor(
    private client: Client,
    private readonly reopen: () => Promise<Client>,
    private readonly opener: OpenAt = cannotOpenElsewhere,
  ) {}

  /** Runs a read; once, on a dropped connection, reconnects and runs it again. */
  private async readOp<T>(op: (client: Client) => Promise<T>): Promise<T> {
    try {
      return await op(this.client);
    } catch (error) {
      if (!isDropped(error) || this.closed) throw error;
      await this.client.unbind().catch(() => undefined);
      this.client = await this.reopen();
      return op(this.client);
    }
  }

  async rootDse(): Promise<DirectoryEntry> {
    const entry = await this.read('', [
      'namingContexts',
      'defaultNamingContext',
      'configurationNamingContext',
      'schemaNamingContext',
      'rootDomainNamingContext',
      'dnsHostName',
      'serverName',
      'dsServiceName',
      'domainFunctionality',
      'forestFunctionality',
      'domainControllerFunctionality',
      'supportedControl',
      'supportedCapabilities',
      'supportedLDAPVersion',
      'vendorName',
      'isSynchronized',
    ]);
    return entry ?? { dn: '', values: {}, bytes: {} };
  }

  async *search(base: string, options: SearchOptions): AsyncIterable<DirectoryEntry> {
    const pageSize = options.pageSize ?? 1000;
    const wantsSd = options.attributes.some((a) => a.toLowerCase() === 'ntsecuritydescriptor');
    const controls = wantsSd ? [new SdFlagsControl(options.sdFlags ?? defaultSdFlags)] : [];
    const searchOptions: LdaptsSearchOptions = {
      scope: options.scope ?? 'sub',
      filter: parseFilter(options.filter ?? '(objectClass=*)', [
        ...binaryAttributeNames,
        ...(options.binaryAttributes ?? []),
      ]),
      attributes: [...options.attributes],
      explicitBufferAttributes: [...binaryAttributeNames, ...(options.binaryAttributes ?? [])],
      paged: { pageSize },
    };
    const started = performance.now();
    let count = 0;
    let lastReport = 0;
    const pages = readAhead(this.client.searchPaginated(base, searchOptions, controls));
    for await (const page of pages) {
      for (const raw of page.searchEntries) {
        options.signal?.throwIfAborted();
        let entry = toEntry(raw);
        if (Object.keys(entry.values).some((k) => k.includes(';range='))) {
          entry = await this.completeRanges(entry);
        }
        count += 1;
        yield entry;
      }
      const now = performance.now();
      if (options.onProgress && now - lastReport >= 250) {
        lastReport = now;
        options.onProgress({
          count,
          ratePerSecond: count / Math.max((now - started) / 1000, 0.001),
          ...(options.estimatedTotal !== undefined
            ? { estimatedTotal: options.estimatedTotal }
            : {}),
        });
      }
      options.signal?.throwIfAborted();
    }
    options.onProgress?.({
      count,
      ratePerSecond: count / Math.max((performance.now() - started) / 1000, 0.001),
      estimatedTotal: count,
    });
  }

  /**
   * Ranged retrieval (MS-ADTS 3.1.1.3.1.3.3): a large multi-valued attribute comes back as
   * `member;range=0-1499`; ask for the next range until the server answers `…-*`.
   */
  private async completeRanges(entry: DirectoryEntry): Promise<DirectoryEntry> {
    const values: Record<string, readonly string[]> = { ...entry.values };
    for (const key of Object.keys(entry.values)) {
      const match = /^(.+);range=(\d+)-(\d+|\*)$/.exec(key);
      if (!match) continue;
      const name = match[1]!;
      const all = [...entry.values[key]!];
      delete values[key];
      let end = match[3]!;
      while (end !== '*') {
        const next = await this.read(entry.dn, [`${name};range=${Number(end) + 1}-*`]);
        const rangeKey = Object.keys(next?.values ?? {}).find((k) =>
          k.startsWith(`${name};range=`),
        );
        if (!next || !rangeKey) break;
        all.push(...next.values[rangeKey]!);
        end = /-(\d+|\*)$/.exec(rangeKey)![1]!;
      }
      values[name] = all;
    }
    return { ...entry, values };
  }

  async read(
    dn: string,
    attributes: readonly string[],
    sdFlags?: number,
  ): Promise<DirectoryEntry | undefined> {
    const wantsSd = attributes.some((a) => a.toLowerCase() === 'ntsecuritydescriptor');
    const controls = wantsSd ? [new SdFlagsControl(sdFlags ?? defaultSdFlags)] : [];
    try {
      const result = await this.readOp((client) =>
        client.search(
          dn,
          {
            scope: 'base',
            filter: '(objectClass=*)',
            attributes: [...attributes],
            explicitBufferAttributes: binaryAttributeNames,
          },
          controls,
        ),
      );
      const raw = result.searchEntries[0];
      return raw ? toEntry(raw) : undefined;
    } catch (error) {
      if ((error as { code?: unknown }).code === 32) return undefined; // noSuchObject
      throw error;
    }
  }

  async readSecurityDescriptor(dn: string, flags: number): Promise<Uint8Array> {
    const entry = await this.read(dn, ['nTSecurityDescriptor'], flags);
    const sd = bytes(entry, 'nTSecurityDescriptor');
    if (!sd) {
      throw new WizardError(
        'sd-unreadable',
        `The security descriptor of ${dn} could not be read (the object is missing or the bind account may not read its permissions).`,
        'Check that the object exists and that the bind account has Read permissions on it.',
        ExitCode.failed,
      );
    }
    return sd;
  }

  async write(
    dn: string,
    changes: readonly AttributeReplacement[],
    options: { readonly sdFlags?: number } = {},
  ): Promise<void> {
    const writesSd = changes.some((c) => c.attribute.toLowerCase() === 'ntsecuritydescriptor');
    await this.client.modify(
      dn,
      changes.map(
        (change) =>
          new Change({
            operation: 'replace',
            modification: new Attribute({
              type: change.attribute,
              // ldapts takes all strings or all buffers: a binary attribute's are all bytes.
              values: change.values.every((value) => typeof value === 'string')
                ? [...(change.values as readonly string[])]
                : change.values.map((value) => Buffer.from(value)),
            }),
          }),
      ),
      writesSd ? [new SdFlagsControl(options.sdFlags ?? SdFlags.DACL)] : [],
    );
  }

  openAt(url: string, trust?: { readonly tlsFingerprint?: string }): Promise<Directory> {
    return this.opener(url, trust);
  }

  async openAnother(): Promise<Directory> {
    return new LdapDirectory(await this.reopen(), this.reopen, this.opener);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.client.unbind().catch(() => undefined);
  }
}
