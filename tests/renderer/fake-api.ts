/** A WritebackApi for component tests: every channel a spy answering what the test sets. */
import { vi } from 'vitest';
import { channelNames, type IpcResult, type WritebackApi } from '../../shared/ipc';

export type FakeApi = WritebackApi & {
  answer(channel: string, result: IpcResult<unknown>): void;
  calls(channel: string): unknown[];
};

export function fakeApi(): FakeApi {
  const answers = new Map<string, IpcResult<unknown>>();
  const spies = new Map<string, ReturnType<typeof vi.fn>>();
  const api: Record<string, unknown> = {};
  for (const channel of channelNames) {
    const spy = vi.fn(async () => answers.get(channel) ?? { ok: true, value: null });
    spies.set(channel, spy);
    api[channel] = spy;
  }
  api['onProgress'] = () => () => undefined;
  api['answer'] = (channel: string, result: IpcResult<unknown>) => answers.set(channel, result);
  api['calls'] = (channel: string) => spies.get(channel)!.mock.calls.map((call) => call[0]);
  return api as unknown as FakeApi;
}
