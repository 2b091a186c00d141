/** SSPR on-premises integration in the app: the guide and the recorded confirmation. */
import type { ChannelInput, SsprGuideView } from '../../shared/ipc';
import { nationalClouds } from '../entra/national-clouds';
import { confirmSsprIntegration, ssprIntegrationStep } from '../steps/sspr-integration';
import type { EngineSession } from './session';

export async function ssprGuide(session: EngineSession): Promise<SsprGuideView> {
  const { state } = await ssprIntegrationStep.inspect({
    cloud: nationalClouds[session.cloud],
    journalFolder: session.host.journalFolder,
  });
  const { guide } = state;
  const last = state.confirmations.at(-1);
  return {
    ...guide,
    ...(last
      ? {
          lastConfirmation: {
            at: last.at,
            user: last.user,
            host: last.host,
            ...(last.tenant ? { tenant: last.tenant } : {}),
          },
        }
      : {}),
  };
}

export async function ssprConfirm(
  session: EngineSession,
  input: ChannelInput<'sspr.confirm'>,
): Promise<SsprGuideView> {
  // The tenant the admin named, else the one they are signed in to: a confirmation says where.
  confirmSsprIntegration(session.host.journalFolder, {
    cloud: nationalClouds[session.cloud],
    tenant: input.tenant?.trim() || session.entra?.account?.tenantId,
  });
  return ssprGuide(session);
}
