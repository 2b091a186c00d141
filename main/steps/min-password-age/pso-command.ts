/** The PowerShell an admin can run by hand to set a PSO's minimum age to 0 (the name quoted). */
import { psQuote } from '../../adsync/powershell-runner';

export function minPasswordAgeCommand(psoName: string): string {
  return `Set-ADFineGrainedPasswordPolicy -Identity ${psQuote(psoName)} -MinPasswordAge 0`;
}
