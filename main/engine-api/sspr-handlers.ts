/** SSPR on-premises integration in the app: the guide and the recorded confirmation. */
import type { ChannelInput, SsprGuideView } from '../../shared/ipc';
import { nationalClouds } from '../entra/national-clouds';
import {
  readSsprConfirmations,
  recordSsprConfirmation,
} from '../steps/sspr-integration/confirmation';
import { ssprIntegrationGuide } from '../steps/sspr-integration/guide';
import type { EngineSession } from './session';

export async function ssprGuide(session: EngineSession): Promise<SsprGuideView> {
  const guide = ssprIntegrationGuide(nationalClouds[session.cloud]);
  const last = (await readSsprConfirmations(session.host.journalFolder)).at(-1);
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
  const guide = ssprIntegrationGuide(nationalClouds[session.cloud]);
  // The tenant the admin named, else the one they are signed in to: a confirmation says where.
  const tenant = input.tenant?.trim() || session.entra?.account?.tenantId;
  recordSsprConfirmation(session.host.journalFolder, {
    cloud: session.cloud,
    ...(tenant ? { tenant } : {}),
    settings: guide.settings.filter((s) => !s.optional).map((s) => s.setting),
  });
  return ssprGuide(session);
}
