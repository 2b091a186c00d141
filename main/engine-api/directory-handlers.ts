/**
 * Connect directories and Prerequisites, for the app: connect through main/directory (the one
 * verified path), learn the forest, find the connector account, and the checks the AD side
 * can answer before anything is planned.
 */
import { refuseDisabledConnector } from '../steps/permissions';
import type { Check } from '../../shared/checks';
import { badInput } from '../../shared/errors';
import type { ChannelInput, ConnectedDirectory, ConnectorChoice } from '../../shared/ipc';
import { connectDirectory } from '../directory/connect';
import { discoverForest, findConnectorAccounts } from '../directory/discover';
import { sid } from '../directory/entry';
import { connectedView, prerequisitesStep } from '../steps/prerequisites';
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
    session.directory = directory;
    session.connected = connectedView(forest, {
      url: input.url,
      bindUser: input.bindUser,
      pinned: Boolean(input.tlsFingerprint),
    });
    return session.connected;
  } catch (error) {
    await session.disconnect();
    await directory.close().catch(() => undefined);
    throw error;
  }
}

export function requireDirectory(session: EngineSession) {
  const { directory, connected } = session;
  if (!directory || !connected) {
    throw badInput(
      'not-connected',
      'The wizard is not connected to a domain controller.',
      'Go to Connect directories and connect to a DC over LDAPS.',
    );
  }
  return { directory, connected };
}

export async function connectors(session: EngineSession): Promise<ConnectorChoice> {
  const { directory } = requireDirectory(session);
  const accounts = await findConnectorAccounts(directory);
  const sids = await Promise.all(
    accounts.map(async (a) => sid(await directory.read(a.dn, ['objectSid']))),
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
  // A disabled account is a dormant one: the same rule every Permissions plan applies.
  refuseDisabledConnector(account);
  session.connectorDn = account.dn;
  return { accounts: session.connectors, chosen: account.dn };
}

/** The chosen connector's sAMAccountName, for the steps that take --account. */
export function chosenConnector(session: EngineSession): string {
  const account = session.connectors.find((a) => a.dn === session.connectorDn && a.enabled);
  if (!account) {
    throw badInput(
      'connector-not-chosen',
      'No AD DS connector account is chosen.',
      'On Connect directories, choose the account AD Connect uses for this forest.',
    );
  }
  return account.sAMAccountName;
}

/** What the AD side can say before planning (docs/product.md, Prerequisites). */
export async function prerequisites(session: EngineSession): Promise<Check[]> {
  const { connected } = requireDirectory(session);
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
  const ad = await prerequisitesStep.inspect({
    connected,
    connector: chosen,
    connectorsFound: session.connectors.length,
  });
  return [...tenant, ...ad.checks];
}
