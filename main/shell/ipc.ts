/**
 * Registers one ipcMain handler per channel of the contract. Each checks its sender (the app's
 * own top frame) before anything else, then hands the payload to the engine's dispatcher, which
 * validates it; the renderer gets `{ ok, value }` or `{ ok: false, error }`, never a stack.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { IpcResult } from '../../shared/ipc';
import { channelNames } from '../../shared/ipc/channels';
import { dispatch } from '../engine-api/dispatch';
import type { EngineSession } from '../engine-api/session';
import { isTrustedSender } from './security';

export const untrustedSender: IpcResult<never> = {
  ok: false,
  error: {
    code: 'ipc-untrusted-sender',
    message: 'A page that is not the wizard tried to call the engine; it was refused.',
    fix: 'Restart Writeback Wizard.',
  },
};

export function registerIpc(
  ipcMain: IpcMain,
  session: EngineSession,
  rendererOrigin: string,
): void {
  for (const channel of channelNames) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      isTrustedSender(event.senderFrame, rendererOrigin)
        ? dispatch(session, channel, payload)
        : untrustedSender,
    );
  }
}
