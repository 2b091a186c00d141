import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError, badInput, toErrorInfo } from '../../shared/errors';

describe('errors', () => {
  it("keeps a WizardError's code, message and fix, and no stack, when crossing a boundary", () => {
    const info = toErrorInfo(
      new WizardError(
        'ldap.unreachable',
        'The DC did not answer.',
        'Check port 636.',
        ExitCode.connect,
      ),
    );
    expect(info).toEqual({
      code: 'ldap.unreachable',
      message: 'The DC did not answer.',
      fix: 'Check port 636.',
    });
    expect(JSON.stringify(info)).not.toContain('at ');
  });

  it('maps bad input to exit 2 and unknown throws to a generic failure', () => {
    expect(badInput('plan.invalid', 'x', 'y').exitCode).toBe(2);
    expect(toErrorInfo(new TypeError('boom'))).toMatchObject({
      code: 'internal',
      message: 'Unexpected error: boom',
    });
  });
});
