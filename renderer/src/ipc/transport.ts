/**
 * How the wizard reaches the engine: through the preload's `window.writeback` in the app, or,
 * in a browser during development and the end-to-end tests, through the dev bridge's routes on
 * the page's own origin (POST /ipc/<channel>, progress as server-sent events on /events). Both
 * give the same typed API, so no component knows which one it has.
 */
import {
  channelNames,
  type Channel,
  type ChannelInput,
  type ChannelResults,
  type IpcResult,
  type ProgressEvent,
  type WritebackApi,
} from '../../../shared/ipc';

declare global {
  interface Window {
    /** Exposed by preload/index.ts through contextBridge, in the Electron app only. */
    readonly writeback?: WritebackApi;
  }
}

function bridgeCall<C extends Channel>(channel: C) {
  return async (input: ChannelInput<C>): Promise<IpcResult<ChannelResults[C]>> => {
    try {
      const response = await fetch(`/ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
        credentials: 'same-origin',
      });
      if (!response.ok) {
        return {
          ok: false,
          error: {
            code: 'bridge-refused',
            message: `The development bridge refused the request (${response.status}: ${await response.text()}).`,
            fix: 'Open the wizard with the URL the bridge printed (it carries the session token).',
          },
        };
      }
      return (await response.json()) as IpcResult<ChannelResults[C]>;
    } catch (error) {
      return {
        ok: false,
        error: {
          code: 'bridge-unreachable',
          message: `The development bridge cannot be reached: ${error instanceof Error ? error.message : String(error)}.`,
          fix: 'Start it again with npm run bridge and reload the page.',
        },
      };
    }
  };
}

/** The dev bridge as a WritebackApi: one function per channel, and the progress stream. */
export function bridgeApi(): WritebackApi {
  const calls = Object.fromEntries(channelNames.map((c) => [c, bridgeCall(c)])) as Omit<
    WritebackApi,
    'onProgress'
  >;
  const listeners = new Set<(event: ProgressEvent) => void>();
  let source: EventSource | undefined;
  return {
    ...calls,
    onProgress(listener) {
      listeners.add(listener);
      if (!source) {
        const opened = new EventSource('/events');
        source = opened;
        // EventSource retries for ever; once the bridge has stopped (a few failures in a row,
        // never opened again) stop asking: the next call says the bridge cannot be reached.
        let failures = 0;
        opened.onopen = () => (failures = 0);
        opened.onerror = () => {
          failures += 1;
          if (failures >= 3 || opened.readyState === EventSource.CLOSED) opened.close();
        };
      }
      source.onmessage = (message: MessageEvent<string>) => {
        const event = JSON.parse(message.data) as ProgressEvent;
        for (const each of listeners) each(event);
      };
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          source?.close();
          source = undefined;
        }
      };
    },
  };
}

/** The API the wizard uses: the preload's in the app, the bridge's in a browser. */
export function engineApi(): WritebackApi {
  return window.writeback ?? bridgeApi();
}
