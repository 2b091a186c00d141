import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GraphReader } from '../../../main/entra/graph-reader';
import { fixedTokenSource } from '../../../main/entra/graph-token-source';
import {
  findCloudUser,
  generatedPassword,
  PasswordResetter,
  passwordMethodId,
  readResetOperation,
} from '../../../main/entra/password-reset';
import { WizardError } from '../../../shared/errors';

const base = 'https://graph.microsoft.com/v1.0';
const token = 'eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJncmFwaCJ9.test-token-value';
const server = setupServer();
const resetPath = `${base}/users/:id/authentication/methods/${passwordMethodId}/resetPassword`;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const resetter = () =>
  new PasswordResetter({ baseUrl: base, tokenSource: fixedTokenSource(token) });

describe('the canary password', () => {
  it('meets AD complexity (four classes) and is different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i += 1) {
      const password = generatedPassword();
      expect(password).toHaveLength(32);
      for (const set of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) expect(password).toMatch(set);
      seen.add(password);
    }
    expect(seen.size).toBe(200);
  });
});

describe('resetPassword through Graph', () => {
  it('posts newPassword once with the token, returns the operation under the Graph base, never reads a returned password', async () => {
    const bodies: unknown[] = [];
    server.use(
      http.post(resetPath, async ({ request, params }) => {
        expect(request.headers.get('authorization')).toBe(`Bearer ${token}`);
        bodies.push(await request.json());
        return HttpResponse.json(
          { newPassword: 'Returned-By-Graph-1!' },
          {
            status: 202,
            headers: {
              location: `${base}/users/${String(params['id'])}/authentication/operations/op-1?aadgdc=X`,
            },
          },
        );
      }),
    );
    const path = await resetter().reset('user-1');
    expect(path).toBe('/users/user-1/authentication/operations/op-1?aadgdc=X');
    expect(bodies).toHaveLength(1);
    expect(Object.keys(bodies[0] as object)).toEqual(['newPassword']);
  });

  it('never retries a throttled reset (a second POST could reset twice), and keeps the password out of the error', async () => {
    let posts = 0;
    let sent = '';
    server.use(
      http.post(resetPath, async ({ request }) => {
        posts += 1;
        sent = ((await request.json()) as { newPassword: string }).newPassword;
        return HttpResponse.json(
          { error: { code: 'TooManyRequests', message: `Throttled while setting ${sent}` } },
          { status: 429, headers: { 'retry-after': '1' } },
        );
      }),
    );
    const error = await resetter()
      .reset('user-1')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WizardError);
    expect(posts).toBe(1);
    expect((error as WizardError).message).not.toContain(sent);
    expect((error as WizardError).message).not.toContain(token);
  });

  it('refuses to follow an operation outside the Graph base (the token stays with Graph)', async () => {
    server.use(
      http.post(
        resetPath,
        () =>
          new HttpResponse('{}', {
            status: 202,
            headers: { location: 'https://evil.example/v1.0/users/u/authentication/operations/1' },
          }),
      ),
    );
    await expect(resetter().reset('user-1')).rejects.toThrow(
      /outside https:\/\/graph.microsoft.com\/v1.0/,
    );
  });

  it('says a 403 needs UserAuthenticationMethod.ReadWrite.All and an authentication administrator role', async () => {
    server.use(
      http.post(resetPath, () =>
        HttpResponse.json(
          { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } },
          { status: 403 },
        ),
      ),
    );
    await expect(resetter().reset('user-1')).rejects.toThrow(
      /UserAuthenticationMethod.ReadWrite.All and Authentication Administrator/,
    );
  });

  it('reads the synced user and the operation as Graph documents them, refusing an unknown status', async () => {
    const reader = new GraphReader({ baseUrl: base, tokenSource: fixedTokenSource(token) });
    server.use(
      http.get(`${base}/users/:upn`, () =>
        HttpResponse.json({
          id: 'u-1',
          userPrincipalName: 'canary@contoso.test',
          onPremisesSyncEnabled: true,
          onPremisesSecurityIdentifier: 'S-1-5-21-1-2-3-1105',
          accountEnabled: true,
        }),
      ),
      http.get(`${base}/users/u-1/authentication/operations/op-1`, ({ request }) =>
        new URL(request.url).searchParams.get('aadgdc') === 'X'
          ? HttpResponse.json({
              id: 'op-1',
              status: 'running',
              createdDateTime: '2026-11-28T09:00:00Z',
            })
          : HttpResponse.json({ id: 'op-1', status: 'paused' }),
      ),
    );
    expect(await findCloudUser(reader, 'canary@contoso.test')).toMatchObject({
      id: 'u-1',
      onPremisesSyncEnabled: true,
      onPremisesSecurityIdentifier: 'S-1-5-21-1-2-3-1105',
    });
    expect(
      await readResetOperation(reader, '/users/u-1/authentication/operations/op-1?aadgdc=X'),
    ).toMatchObject({ status: 'running' });
    await expect(
      readResetOperation(reader, '/users/u-1/authentication/operations/op-1'),
    ).rejects.toThrow(/unknown status "paused"/);
  });
});
