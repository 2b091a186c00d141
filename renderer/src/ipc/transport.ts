/**
 * How the wizard reaches the engine: through the preload's `window.writeback` in the app, or,
 * in a browser during development and the end-to-end tests, through the dev bridge's routes on
 * the page's own origin (POST /ipc/<channel>, progress as server-sent events on /events). Both
 * give the same typed API, so no component knows which one it has. The bridge's token comes in
 * the URL fragment and goes back in a header on every call (shared/ipc/dev-bridge-token.ts).
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
import { bridgeTokenFragment, bridgeTokenHeader } from '../../../shared/ipc/dev-bridge-token';

declare global {
  interface Window {
    /** Exposed by preload/index.ts through contextBridge, in the Electron app only. */
    readonly writeback?: WritebackApi;
  }
}

const tokenKey = 'writeback-bridge-token';

/**
 * The token from the fragment of the URL the bridge printed, kept for this tab only (session
 * storage is per origin, port included) so a reload still works; the fragment is then removed
 * from the address bar and history.
 */
function bridgeToken(): string {
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get(bridgeTokenFragment);
  if (fromUrl) {
    window.sessionStorage.setItem(tokenKey, fromUrl);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return window.sessionStorage.getItem(tokenKey) ?? '';
}

function bridgeCall<C extends Channel>(channel: C, token: string) {
  return async (input: ChannelInput<C>): Promise<IpcResult<ChannelResults[C]>> => {
    try {
      const response = await fetch(`/ipc/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [bridgeTokenHeader]: token },
        body: JSON.stringify(input ?? {}),
        credentials: 'omit',
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
  const token = bridgeToken();
  const calls = Object.fromEntries(channelNames.map((c) => [c, bridgeCall(c, token)])) as Omit<
    WritebackApi,
    'onProgress'
  >;
  const listeners = new Set<(event: ProgressEvent) => void>();
  let stream: AbortController | undefined;
  return {
    ...calls,
    onProgress(listener) {
      listeners.add(listener);
      if (!stream) {
        stream = new AbortController();
        void readEvents(token, stream.signal, (event) => {
          for (const each of listeners) each(event);
        });
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          stream?.abort();
          stream = undefined;
        }
      };
    },
  };
}

/**
 * The progress stream (server-sent events on /events), read with fetch because EventSource
 * cannot send the token header. Each `data:` line is one ProgressEvent.
 */
async function readEvents(
  token: string,
  signal: AbortSignal,
  deliver: (event: ProgressEvent) => void,
): Promise<void> {
  try {
    const response = await fetch('/events', {
      headers: { [bridgeTokenHeader]: token },
      credentials: 'omit',
      signal,
    });
    if (!response.ok || !response.body) return;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffered += value;
      const blocks = buffered.split('\n\n');
      buffered = blocks.pop() ?? '';
      for (const block of blocks) {
        for (const line of block.split('\n')) {
          if (line.startsWith('data: ')) deliver(JSON.parse(line.slice(6)) as ProgressEvent);
        }
      }
    }
  } catch {
    // Aborted (the last listener left) or the bridge stopped: progress simply ends.
  }
}

/** The API the wizard uses: the preload's in the app, the bridge's in a browser. */
export function engineApi(): WritebackApi {
  return window.writeback ?? bridgeApi();
}
