import { version } from './version';
import { Command } from 'commander';
import { addAssessCommand } from './commands/assess';
import { addSdCommand } from './commands/sd';
import { addPlanCommand } from './commands/plan';
import { addShowCommand } from './commands/show';
import { addApplyCommand } from './commands/apply';
import { addRollbackCommand } from './commands/rollback';
import { addFinishCommand } from './commands/finish';
import { addRunsCommand } from './commands/runs';
import { addSsprIntegrationCommand } from './commands/sspr-integration';
import { addEvidenceCommand } from './commands/evidence';
import { addVerifyCommand } from './commands/verify';

/**
 * The `writeback` program: one file per command under ./commands, each adding itself here.
 * Commander's own errors (unknown option, missing argument) exit 2 via main.ts.
 */
export function buildProgram(): Command {
  const program = new Command('writeback')
    .description(
      'Assess, plan, apply and roll back Microsoft Entra SSPR password writeback to on-premises Active Directory.',
    )
    .version(version)
    .exitOverride()
    .showHelpAfterError('(run writeback --help for the commands and options)');
  addAssessCommand(program);
  addSdCommand(program);
  addPlanCommand(program);
  addShowCommand(program);
  addApplyCommand(program);
  addRollbackCommand(program);
  addFinishCommand(program);
  addRunsCommand(program);
  addSsprIntegrationCommand(program);
  addEvidenceCommand(program);
  addVerifyCommand(program);
  return program;
}
