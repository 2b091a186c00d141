/**
 * Every writable DC of the domain the connection is in, each opened with the same account
 * (`Directory.openAt`, so the password stays in the first connection's closure): what the
 * canary watches. A DC is reached at ldaps://<its dnsHostName> unless the caller says where.
 * A DC that cannot be reached is named with what failed (its name in DNS, the TCP port, TLS,
 * the bind) and where to say its address; every such DC at once, so one run lists them all.
 */
import { WizardError, ExitCode, badInput, toErrorInfo } from '../../shared/errors';
import { field } from '../../shared/fields';
import type { Directory } from '../directory/connect';
import { discoverForest } from '../directory/discover';
import type { WatchedDc } from './dc-watch';

export interface OpenedDcs {
  readonly dcs: readonly WatchedDc[];
  /** Closes every connection this opened (never the one it was given). */
  close(): Promise<void>;
}

/** Where to reach one DC, and the certificate to pin there instead of the connection's trust. */
export interface DcAddress {
  readonly url: string;
  readonly tlsFingerprint?: string;
}

export async function openWritableDcs(
  directory: Directory,
  addressOf: (dnsHostName: string) => string | DcAddress = (host) => `ldaps://${host}`,
): Promise<OpenedDcs> {
  const forest = await discoverForest(directory);
  const domain = forest.domains.find(
    (d) => d.dn.toLowerCase() === forest.defaultNamingContext.toLowerCase(),
  );
  const dcs: WatchedDc[] = [];
  const close = async () => {
    for (const dc of dcs) await dc.directory.close().catch(() => undefined);
  };
  const failures: Unreachable[] = [];
  for (const dc of domain?.writableDcs ?? []) {
    const address = addressOf(dc.dnsHostName);
    const { url, tlsFingerprint } = typeof address === 'string' ? { url: address } : address;
    try {
      const opened = await directory.openAt(url, tlsFingerprint ? { tlsFingerprint } : undefined);
      dcs.push({ name: dc.dnsHostName, directory: opened });
    } catch (error) {
      failures.push({ host: dc.dnsHostName, url, error });
    }
  }
  if (failures.length > 0) {
    await close();
    throw unreachable(failures);
  }
  if (dcs.length === 0)
    throw badInput(
      'verify-no-dcs',
      'No writable DC was found in the domain.',
      `Check ${field('dc')} is a DC of the domain the canary account is in.`,
    );
  return { dcs, close };
}

interface Unreachable {
  readonly host: string;
  readonly url: string;
  readonly error: unknown;
}

/** What failed, in the order a connection meets it: DNS, TCP, TLS, then the bind. */
function stageOf(code: string): 'DNS' | 'TCP' | 'TLS' | 'the bind' {
  if (code === 'dc-name-not-resolved') return 'DNS';
  if (/^dc-(port-closed|unreachable|timeout)$/.test(code)) return 'TCP';
  if (/^dc-(cert-|connection-dropped)/.test(code)) return 'TLS';
  return 'the bind';
}

/** One error naming every DC that could not be reached, each with its own fix. */
function unreachable(failures: readonly Unreachable[]): WizardError {
  const parts = failures.map(({ host, url, error }) => {
    const info = toErrorInfo(error);
    const stage = stageOf(info.code);
    const address = field('dcUrl', `${host}=ldaps://<address>`);
    const fix =
      stage === 'DNS' || stage === 'TCP'
        ? `give where this computer reaches it: ${address}`
        : info.code === 'dc-cert-fingerprint-mismatch'
          ? `a pinned certificate is one DC's only: pin this DC's own (its fingerprint is shown above), ${field('dcUrl', `${host}=${url}#sha256=<fingerprint>`)}, or trust the domain's CA with ${field('ca')} instead`
          : info.fix;
    return {
      what: `${host} at ${url} (${stage}: ${info.message.replace(/\.$/, '')})`,
      fix: `for ${host}, ${fix}`,
    };
  });
  return new WizardError(
    'verify-dc-unreachable',
    `The canary watches every writable DC, and ${failures.length === 1 ? 'one' : failures.length} could not be reached: ${parts.map((p) => p.what).join('; ')}. Nothing was reset.`,
    `${parts.map((p) => p.fix).join('; ')}.`,
    ExitCode.connect,
  );
}
