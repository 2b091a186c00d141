/**
 * One set of flags works for every command: a consultant scripts a run with
 * one array of shared options and passes it to assess, plan, apply, rollback and finish. No
 * command stops with "unknown option"; one that does not use an option given is noted on stderr.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { planFormatVersion, type Plan } from '../../../shared/plan';
import { buildProgram } from '../../../main/cli/program';
import { flag } from '../../../main/cli/options/flags';
import { sharedFlags } from '../../../main/cli/options/shared';
import { fileOperation } from '../../../main/operations/file';
import { writePlanFile } from '../../../main/plan/plan-file';
import { writeback } from '../../support/writeback-cli';

const shared = [
  '--dc',
  'ldaps://dc1.contoso.test',
  '--bind-user',
  'admin@contoso.test',
  '--password-env',
  'WB_TEST_PASSWORD',
  '--ca',
  'contoso-ca.pem',
  '--sysvol',
  '/mnt/sysvol/contoso.test',
  '--account',
  'MSOL_0123456789ab',
  '--scope',
  'OU=Corp,DC=contoso,DC=test',
  '--adsync',
  'none',
  '--tenant',
  'contoso.onmicrosoft.com',
  '--cloud',
  'global',
  '--client-id',
  '14d82eec-204b-4c2f-b7e8-296a70dab67e',
  '--graph-token-env',
  'WB_TEST_TOKEN',
  '--graph-endpoint',
  'https://graph.microsoft.com/v1.0',
  '--device-code',
  '--no-graph',
];

/** Parses one command line with every action replaced: what commander accepted, or its error. */
function parse(args: readonly string[]): Record<string, unknown> {
  const program = buildProgram();
  let seen: Record<string, unknown> | undefined;
  const quiet = (command: Command) =>
    command
      .exitOverride()
      .configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  quiet(program);
  for (const command of program.commands) {
    quiet(command);
    command.action(function (this: Command) {
      seen = this.opts();
    });
  }
  program.parse(['node', 'writeback', ...args]);
  return seen!;
}

describe('one array of shared options for every command', () => {
  it.each([
    [['assess']],
    [['plan', '--out', 'plan.json']],
    [['apply', 'plan.json']],
    [['rollback', 'run.jsonl']],
    [['finish', 'run.jsonl']],
  ])('writeback %j accepts the whole array', (command) => {
    const options = parse([...command, ...shared]);
    expect(options).toMatchObject({
      dc: 'ldaps://dc1.contoso.test',
      bindUser: 'admin@contoso.test',
      passwordEnv: 'WB_TEST_PASSWORD',
      sysvol: '/mnt/sysvol/contoso.test',
      account: 'MSOL_0123456789ab',
      scope: ['OU=Corp,DC=contoso,DC=test'],
      adsync: 'none',
      tenant: 'contoso.onmicrosoft.com',
      graph: false,
    });
  });

  it('every connecting command declares exactly the shared options, from one declaration', () => {
    const program = buildProgram();
    const longs = (name: string) =>
      program.commands.find((c) => c.name() === name)!.options.map((o) => o.long);
    const expected = sharedFlags.map((name) => flag(name).long!);
    for (const name of ['assess', 'plan', 'apply', 'rollback', 'finish'])
      for (const long of expected) expect(longs(name)).toContain(long);
    // The same flag has the same help everywhere.
    const help = (name: string, long: string) =>
      program.commands.find((c) => c.name() === name)!.options.find((o) => o.long === long)!
        .description;
    expect(help('apply', '--scope')).toBe(help('assess', '--scope'));
    expect(help('plan', '--dc')).toBe(help('assess', '--dc'));
  });

  it('a command still refuses an option nobody declares (exit 2)', () => {
    expect(() => parse(['apply', 'plan.json', '--password', 'x'])).toThrow(/unknown option/);
  });

  it(
    'apply and rollback run with the array, noting on stderr what they do not use',
    { timeout: 120_000 },
    async () => {
      const folder = mkdtempSync(join(tmpdir(), 'wb-shared-'));
      const gpo = join(folder, 'Policies', '{31B2F340-016D-11D2-945F-00C04FB984F9}');
      mkdirSync(gpo, { recursive: true });
      const target = join(gpo, 'GPT.INI');
      writeFileSync(target, '[General]\r\nVersion=1\r\n');
      const plan: Plan = {
        formatVersion: planFormatVersion,
        createdAt: new Date().toISOString(),
        source: { sysvol: folder },
        steps: ['min-password-age'],
        operations: [
          fileOperation({
            step: 'min-password-age',
            summary: 'GPT.INI version 1 → 2',
            path: target,
            before: readFileSync(target),
            after: Buffer.from('[General]\r\nVersion=2\r\n'),
          }),
        ],
        notes: [],
      };
      const planPath = join(folder, 'plan.json');
      await writePlanFile(planPath, plan);
      const journal = join(folder, 'run.jsonl');

      const applied = writeback(['apply', planPath, '--yes', '--journal', journal, ...shared]);
      expect(applied.stderr).not.toMatch(/unknown option/);
      expect(applied.status).toBe(0);
      expect(readFileSync(target, 'utf8')).toBe('[General]\r\nVersion=2\r\n');
      expect(applied.stderr).toMatch(
        /note: writeback apply does not use --account, --scope, --sysvol: the plan already names every target/,
      );
      expect(applied.stderr).toMatch(/note: writeback apply does not use --tenant, .*Entra ID/);

      const rolledBack = writeback(['rollback', journal, '--yes', ...shared]);
      expect(rolledBack.status).toBe(0);
      expect(readFileSync(target, 'utf8')).toBe('[General]\r\nVersion=1\r\n');
      expect(rolledBack.stderr).toMatch(
        /note: writeback rollback does not use --account, --scope, --sysvol: the run's journal already names every target/,
      );
    },
  );
});
