/**
 * `npm run lab -- up|down|status|reset|seed [--users N]`: the Samba AD DC lab the tests run
 * against (tests/lab/lab-env.ts reads what it records).
 */
import { Command, InvalidArgumentError } from 'commander';
import { down, reset, seed, up } from './lifecycle';
import { formatStatus, labStatus } from './status';

const log = (line: string): void => {
  process.stderr.write(`[lab] ${line}\n`);
};

function userCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 99_999) {
    throw new InvalidArgumentError(
      'expected a whole number of users from 0 to 99999, e.g. --users 20000',
    );
  }
  return n;
}

const program = new Command('lab')
  .description('The Samba AD DC lab (CONTOSO.TEST on ldaps://127.0.0.1:636) for the tests')
  .showHelpAfterError();

program
  .command('up')
  .description('provision, start and seed the lab as needed; reuses a healthy running DC')
  .option(
    '--users <n>',
    'make sure OU=Bulk holds at least N users (20000 builds the scale lab)',
    userCount,
  )
  .action((o: { users?: number }) => up(o, log));
program
  .command('down')
  .description('stop the DC (by its pid)')
  .action(() => down(log));
program
  .command('reset')
  .description('restore the DC to the snapshot taken after the last seed')
  .action(() => reset(log));
program
  .command('seed')
  .description('(re)apply the seed, idempotently, and take a new snapshot')
  .option('--users <n>', 'also make sure OU=Bulk holds N users', userCount)
  .action((o: { users?: number }) => seed(o, log));
program
  .command('status')
  .description('running or stopped, pid, URL, counts')
  .option('--json', 'machine-readable output')
  .action(async (o: { json?: boolean }) => {
    const s = await labStatus();
    process.stdout.write(o.json ? `${JSON.stringify(s, null, 2)}\n` : `${formatStatus(s)}\n`);
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  log(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
