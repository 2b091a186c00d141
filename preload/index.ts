/**
 * The only bridge between the sandboxed renderer and main (Electron's security checklist):
 * one function per channel of the contract, each a single ipcRenderer.invoke of that channel,
 * plus the progress subscription. ipcRenderer itself is never exposed, and nothing here can
 * name a channel the contract does not have. Bundled into one CommonJS file that requires
 * only 'electron', as a sandboxed preload must be.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, progressChannel } from '../shared/ipc/channels';
import type { ProgressEvent, WritebackApi } from '../shared/ipc';

const api = Object.freeze({
  ...Object.fromEntries(
    channelNames.map((channel) => [
      channel,
      (input: unknown) => ipcRenderer.invoke(channel, input ?? {}),
    ]),
  ),
  onProgress(listener: (event: ProgressEvent) => void) {
    const forward = (_event: IpcRendererEvent, progress: ProgressEvent) => listener(progress);
    ipcRenderer.on(progressChannel, forward);
    return () => {
      ipcRenderer.removeListener(progressChannel, forward);
    };
  },
}) as unknown as WritebackApi;

contextBridge.exposeInMainWorld('writeback', api);
