/**
 * Certificate checks cannot be switched off from outside: Node honours
 * NODE_TLS_REJECT_UNAUTHORIZED=0 for every TLS connection that does not say otherwise (Graph,
 * sign-in), and the DC's are set explicitly. A process started with it is refused at once,
 * before any connection, with what to do.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';

export function refuseDisabledTlsVerification(env: NodeJS.ProcessEnv = process.env): void {
  if (env['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    throw new WizardError(
      'tls-verification-disabled',
      'NODE_TLS_REJECT_UNAUTHORIZED=0 is set: it would switch off certificate checks for every connection. Writeback Wizard does not run with it.',
      `Unset NODE_TLS_REJECT_UNAUTHORIZED. To trust a private CA give ${field('ca', '<file.pem>')}, or pin the DC with ${field('tlsFingerprint')}.`,
      ExitCode.usage,
    );
  }
}
