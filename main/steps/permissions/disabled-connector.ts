/**
 * No right is planned for a disabled connector account. A disabled MSOL_ account is a dormant
 * one (an earlier install, a staging server's old account): granting it Reset password on every
 * user would hand that right to an account nobody runs. One rule for the app's choice of
 * connector and for every Permissions plan, the CLI's included.
 */
import { badInput } from '../../../shared/errors';
import { field } from '../../../shared/fields';

export function refuseDisabledConnector(account: {
  readonly sAMAccountName: string;
  readonly enabled: boolean;
}): void {
  if (account.enabled) return;
  throw badInput(
    'connector-disabled',
    `${account.sAMAccountName} is disabled: it is not the account AD Connect uses now, and no right is planned for it.`,
    `Choose the enabled connector account with ${field('account')} (AD Connect's Synchronization Service Manager names it under Connectors › Active Directory › Properties › Connect to Active Directory Forest).`,
  );
}
