/**
 * The page in a browser, once the development bridge has stopped: the progress stream is asked
 * for once and given up, never retried in a loop (EventSource would retry forever).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bridgeApi } from '../../renderer/src/ipc/transport';

afterEach(() => vi.unstubAllGlobals());

describe('the bridge transport', () => {
  it('asks for /events once when the bridge is gone, and does not retry', async () => {
    const fetch = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    vi.stubGlobal('fetch', fetch);
    const unsubscribe = bridgeApi().onProgress(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fetch.mock.calls.map((call) => (call as unknown[])[0])).toEqual(['/events']);
    unsubscribe();
    // A call still answers, with the error an admin can act on.
    const result = await bridgeApi()['app.info']({});
    expect(result).toMatchObject({ ok: false, error: { code: 'bridge-unreachable' } });
  });
});
