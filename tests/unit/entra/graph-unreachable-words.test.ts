/**
 * When Graph cannot be reached, the error names the host that failed, in words: a sign-in that
 * could not reach login.microsoftonline.com is said as that (never "could not reach Graph" with
 * the sign-in message inside it), and a Graph host that does not resolve is named, with no
 * request jargon and no doubled period.
 */
import { describe, expect, it } from 'vitest';
import { WizardError, ExitCode } from '../../../shared/errors';
import { GraphReader } from '../../../main/entra/graph-reader';
import { fixedTokenSource } from '../../../main/entra/graph-token-source';
import { findCloudUser, PasswordResetter } from '../../../main/entra/password-reset';

const signInUnreachable = new WizardError(
  'entra-unreachable',
  'The network: login.microsoftonline.com could not be reached (ENOTFOUND). Nothing was asked of the tenant.',
  'Check that this computer reaches https://login.microsoftonline.com.',
  ExitCode.connect,
);
const failingSignIn = { getAccessToken: () => Promise.reject(signInUnreachable) };

describe('Graph unreachable, in words', () => {
  it('a sign-in that failed is the sign-in error itself, for a read and for the reset', async () => {
    const graph = new GraphReader({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tokenSource: failingSignIn,
    });
    const read = await findCloudUser(graph, 'canary@contoso.test').catch((e: unknown) => e);
    expect(read).toMatchObject({ code: 'entra-unreachable', message: signInUnreachable.message });
    const resetter = new PasswordResetter({
      baseUrl: 'https://graph.microsoft.com/v1.0',
      tokenSource: failingSignIn,
    });
    const reset = await resetter.reset('user-1').catch((e: unknown) => e);
    expect(reset).toMatchObject({ code: 'entra-unreachable', message: signInUnreachable.message });
  });

  it('a Graph host that does not resolve is named, with what the read was for', async () => {
    const graph = new GraphReader({
      baseUrl: 'https://graph.example.invalid/v1.0',
      tokenSource: fixedTokenSource('test-token'),
    });
    const error = (await findCloudUser(graph, 'canary@contoso.test').catch(
      (e: unknown) => e,
    )) as WizardError;
    expect(error.code).toBe('entra-graph-unreachable');
    expect(error.message).toMatch(
      /^Could not reach Microsoft Graph at https:\/\/graph\.example\.invalid to read the canary account .*: graph\.example\.invalid (does not resolve in DNS here \(ENOTFOUND\)|could not be resolved \(DNS did not answer\) \(EAI_AGAIN\))\.$/,
    );
    expect(error.message).not.toMatch(/GET \/|\.\.$/);
  });
});
