/**
 * The rollback / finish command the CLI prints after apply, finish and runs: whole enough to run
 * as printed (the lab test plan-min-password-age runs runs' finish command literally), never a
 * password, and every value from a journal escaped.
 */
import { describe, expect, it } from 'vitest';
import { commandAgain } from '../../../main/cli/options/command-again';
import type { Plan } from '../../../shared/plan';
import { controlCharacters } from '../../../shared/text/printable';

function planFrom(dc: string | undefined, kinds: Plan['operations'][number]['kind'][]): Plan {
  return {
    formatVersion: 1,
    createdAt: '2026-11-28T10:00:00.000Z',
    source: { dc },
    steps: [],
    operations: kinds.map((kind) => ({ kind }) as Plan['operations'][number]),
    notes: [],
  };
}

describe('commandAgain', () => {
  it('spells the connection given to this run, the password by its variable only', () => {
    const line = commandAgain(
      'rollback',
      '/j/run 1.jsonl',
      {
        dc: 'ldaps://dc1.contoso.test',
        bindUser: 'admin@contoso.test',
        passwordEnv: 'WB_PW',
        ca: '/certs/ca.pem',
      },
      planFrom('ldaps://other.contoso.test', ['security-descriptor']),
    );
    expect(line).toBe(
      'writeback rollback "/j/run 1.jsonl" --dc "ldaps://dc1.contoso.test" --bind-user "admin@contoso.test" --password-env "WB_PW" --ca "/certs/ca.pem"',
    );
  });

  it("falls back on the plan's DC and names what the admin must add", () => {
    expect(commandAgain('finish', 'j.jsonl', {}, planFrom('ldaps://dc1', ['attribute']))).toBe(
      'writeback finish "j.jsonl" --dc "ldaps://dc1" --bind-user <admin>',
    );
    expect(commandAgain('finish', 'j.jsonl', {}, planFrom(undefined, ['file']))).toBe(
      'writeback finish "j.jsonl" --dc <ldaps://dc> --bind-user <admin>',
    );
  });

  it('asks for no DC when the run only changed Connect server settings', () => {
    expect(commandAgain('rollback', 'j.jsonl', {}, planFrom(undefined, ['adsync-setting']))).toBe(
      'writeback rollback "j.jsonl"',
    );
  });

  it("escapes a journal's control characters and quotes", () => {
    const line = commandAgain(
      'rollback',
      'a"b\u001b[2Jc.jsonl',
      {},
      planFrom('ldaps://x\u0007', ['file']),
    );
    expect(line).not.toMatch(controlCharacters);
    expect(line).toContain('"a\\"b');
    expect(line).toContain('\\u001b');
  });
});
