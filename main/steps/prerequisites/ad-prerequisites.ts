/**
 * The Active Directory half of the Prerequisites step (docs/product.md, page 4; docs/domain-facts.md §7): the secure
 * connection, the forest functional level, the writable DCs' operating systems and the AD DS
 * connector account. Read-only and computed from what connecting already learnt, so the
 * wizard's Prerequisites page and `writeback assess` say the same thing in the same words.
 */
import type { Check } from '../../../shared/checks';
import type { ConnectedDirectory } from '../../../shared/ipc';
import type { ForestFacts } from '../../directory/discover';

/** What connecting learnt about the forest, as the wizard shows it (no credentials but the bind name). */
export function connectedView(
  forest: ForestFacts,
  connection: { readonly url: string; readonly bindUser: string; readonly pinned: boolean },
): ConnectedDirectory {
  return {
    url: connection.url,
    bindUser: connection.bindUser,
    dcHostName: forest.dnsHostName,
    defaultNamingContext: forest.defaultNamingContext,
    domainFunctionality: forest.domainFunctionality,
    forestFunctionality: forest.forestFunctionality,
    domains: forest.domains.map((domain) => ({
      dn: domain.dn,
      dnsName: domain.dnsName,
      ...(domain.netbiosName ? { netbiosName: domain.netbiosName } : {}),
      ...(domain.domainSid ? { domainSid: domain.domainSid } : {}),
      ...(domain.pdcEmulator ? { pdcEmulator: domain.pdcEmulator } : {}),
      writableDcs: domain.writableDcs.map((dc) => ({
        dnsHostName: dc.dnsHostName,
        ...(dc.operatingSystem ? { operatingSystem: dc.operatingSystem } : {}),
        unsupported: dc.unsupported,
      })),
    })),
    tls: {
      protocol: connection.url.toLowerCase().startsWith('ldaps:') ? 'ldaps' : 'starttls',
      trust: connection.pinned ? 'pinned' : 'system-and-ca',
    },
  };
}

const levels: Readonly<Record<number, string>> = {
  0: 'Windows 2000',
  1: 'Windows Server 2003 interim',
  2: 'Windows Server 2003',
  3: 'Windows Server 2008',
  4: 'Windows Server 2008 R2',
  5: 'Windows Server 2012',
  6: 'Windows Server 2012 R2',
  7: 'Windows Server 2016',
  10: 'Windows Server 2025',
};

export interface ConnectorForChecks {
  readonly sAMAccountName: string;
  readonly computerName?: string;
  readonly enabled: boolean;
}

export function adPrerequisiteChecks(
  connected: ConnectedDirectory,
  /** The connector account in use, undefined when none is chosen. */
  connector: ConnectorForChecks | undefined,
  /** How many connector accounts were found, to tell "none" from "several, none chosen". */
  connectorsFound: number,
): Check[] {
  const dcs = connected.domains.flatMap((d) => d.writableDcs);
  const unsupported = dcs.filter((dc) => dc.unsupported);
  const forest = connected.forestFunctionality;
  return [
    {
      id: 'ad.ldaps',
      title: 'Secure connection to the domain controller',
      status: 'pass',
      message: `Connected to ${connected.dcHostName} over ${connected.tls.protocol === 'ldaps' ? 'LDAPS' : 'LDAP with StartTLS'}, certificate ${connected.tls.trust === 'pinned' ? 'pinned by fingerprint' : 'verified'}.`,
      fix: '',
    },
    {
      id: 'ad.forest-functional-level',
      title: 'Forest functional level',
      status: forest >= 2 ? 'pass' : 'fail',
      message: `The forest runs at ${levels[forest] ?? `level ${forest}`}.`,
      fix: forest >= 2 ? '' : 'Raise the forest functional level to Windows Server 2003 or later.',
    },
    {
      id: 'ad.dc-os',
      title: 'Domain controller operating systems',
      status: unsupported.length === 0 ? 'pass' : 'warn',
      message:
        unsupported.length === 0
          ? `${dcs.length} writable DC(s), none on an unsupported Windows Server version.`
          : `Unsupported: ${unsupported.map((dc) => `${dc.dnsHostName} (${dc.operatingSystem})`).join(', ')}.`,
      fix:
        unsupported.length === 0
          ? ''
          : 'Writeback resets passwords on whichever DC the connector reaches: retire or upgrade these DCs.',
    },
    {
      id: 'ad.connector-account',
      title: 'AD DS connector account',
      status: connector ? (connector.enabled ? 'pass' : 'warn') : 'fail',
      message: connector
        ? `${connector.sAMAccountName}${connector.computerName ? `, used by AD Connect on ${connector.computerName}` : ''}${connector.enabled ? '' : ' (disabled)'}.`
        : connectorsFound === 0
          ? 'No MSOL_ connector account was found in the domain.'
          : 'Several connector accounts were found and none is chosen.',
      fix: connector
        ? connector.enabled
          ? ''
          : 'A disabled account cannot write back: choose the account AD Connect uses now.'
        : 'On Connect directories, choose the account AD Connect uses (Synchronization Service Manager → Connectors shows it).',
    },
  ];
}
