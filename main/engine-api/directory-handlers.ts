/**
 * Connect directories and Prerequisites, for the app: connect through main/directory (the one
 * verified path), learn the forest, find the connector account, and the checks the AD side
 * can answer before anything is planned.
 */
import type { Check } from '../../shared/checks';
import { badInput } from '../../shared/errors';
import type { ChannelInput, ConnectedDirectory, ConnectorChoice } from '../../shared/ipc';
import { connectDirectory } from '../directory/connect';
import { discoverForest, findConnectorAccounts, sidToString } from '../directory/discover';
import type { EngineSession } from './session';

export async function connect(
  session: EngineSession,
  input: ChannelInput<'directory.connect'>,
): Promise<ConnectedDirectory> {
  await session.disconnect();
  const directory = await connectDirectory({
    url: input.url,
    bindUser: input.bindUser,
    password: input.password,
    ...(input.caPem ? { caPem: input.caPem } : {}),
    ...(input.tlsFingerprint ? { tlsFingerprint: input.tlsFingerprint } : {}),
  });
  try {
    const forest = await discoverForest(directory);
    session.client = await directory.openClient();
    session.directory = directory;
    session.connected = {
      url: input.url,
      bindUser: input.bindUser,
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
        protocol: input.url.toLowerCase().startsWith('ldaps:') ? 'ldaps' : 'starttls',
        trust: input.tlsFingerprint ? 'pinned' : 'system-and-ca',
      },
    };
    return session.connected;
  } catch (error) {
    await session.disconnect();
    await directory.close().catch(() => undefined);
    throw error;
  }
}

export function requireDirectory(session: EngineSession) {
  const { directory, client, connected } = session;
  if (!directory || !client || !connected) {
    throw badInput(
      'not-connected',
      'The wizard is not connected to a domain controller.',
      'Go to Connect directories and connect to a DC over LDAPS.',
    );
  }
  return { directory, client, connected };
}

export async function connectors(session: EngineSession): Promise<ConnectorChoice> {
  const { directory } = requireDirectory(session);
  const accounts = await findConnectorAccounts(directory);
  const sids = await Promise.all(
    accounts.map(async (a) => {
      const sid = (await directory.read(a.dn, ['objectSid']))?.bytes['objectsid']?.[0];
      return sid ? sidToString(sid) : undefined;
    }),
  );
  session.connectors = accounts.map((a, index) => ({
    dn: a.dn,
    sAMAccountName: a.sAMAccountName,
    ...(sids[index] ? { sid: sids[index] } : {}),
    ...(a.userPrincipalName ? { userPrincipalName: a.userPrincipalName } : {}),
    ...(a.computerName ? { computerName: a.computerName } : {}),
    ...(a.tenant ? { tenant: a.tenant } : {}),
    enabled: a.enabled,
  }));
  const enabled = session.connectors.filter((a) => a.enabled);
  if (!session.connectorDn && enabled.length === 1) session.connectorDn = enabled[0]!.dn;
  return {
    accounts: session.connectors,
    ...(session.connectorDn ? { chosen: session.connectorDn } : {}),
  };
}

export function chooseConnector(
  session: EngineSession,
  input: ChannelInput<'directory.chooseConnector'>,
): ConnectorChoice {
  const account = session.connectors.find((a) => a.dn.toLowerCase() === input.dn.toLowerCase());
  if (!account) {
    throw badInput(
      'connector-unknown',
      `${input.dn} is not one of the connector accounts found in the domain.`,
      'Choose one of the accounts listed.',
    );
  }
  session.connectorDn = account.dn;
  return { accounts: session.connectors, chosen: account.dn };
}

/** The chosen connector's sAMAccountName, for the steps that take --account. */
export function chosenConnector(session: EngineSession): string {
  const account = session.connectors.find((a) => a.dn === session.connectorDn);
  if (!account) {
    throw badInput(
      'connector-not-chosen',
      'No AD DS connector account is chosen.',
      'On Connect directories, choose the account AD Connect uses for this forest.',
    );
  }
  return account.sAMAccountName;
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

/** What the AD side can say before planning (product.md, Prerequisites). */
export function prerequisites(session: EngineSession): Check[] {
  const { connected } = requireDirectory(session);
  const dcs = connected.domains.flatMap((d) => d.writableDcs);
  const unsupported = dcs.filter((dc) => dc.unsupported);
  const forest = connected.forestFunctionality;
  const chosen = session.connectors.find((a) => a.dn === session.connectorDn);
  const tenant: readonly Check[] = session.entra?.checks ?? [
    {
      id: 'entra.connection',
      title: 'Microsoft Entra ID',
      status: 'unknown',
      message: 'Not signed in: licences, your role and the tenant’s sync health are not checked.',
      fix: 'Go back to Connect to Microsoft Entra ID and sign in.',
    },
  ];
  return [
    ...tenant,
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
      status: chosen ? (chosen.enabled ? 'pass' : 'warn') : 'fail',
      message: chosen
        ? `${chosen.sAMAccountName}${chosen.computerName ? `, used by AD Connect on ${chosen.computerName}` : ''}${chosen.enabled ? '' : ' (disabled)'}.`
        : session.connectors.length === 0
          ? 'No MSOL_ connector account was found in the domain.'
          : 'Several connector accounts were found and none is chosen.',
      fix: chosen
        ? chosen.enabled
          ? ''
          : 'A disabled account cannot write back: choose the account AD Connect uses now.'
        : 'On Connect directories, choose the account AD Connect uses (Synchronization Service Manager → Connectors shows it).',
    },
  ];
}
