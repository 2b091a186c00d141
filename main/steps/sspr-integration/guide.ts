/**
 * Step 8, SSPR on-premises integration: the Entra side of password writeback. No supported API
 * reads or sets the tenant's password reset policy (docs/domain-facts.md §5), so the wizard cannot plan
 * it as an operation; it guides the admin to the exact portal page and settings instead, and
 * records their confirmation (confirmation.ts). The end-to-end proof is a real reset.
 */
import type { NationalCloud } from '../../entra/national-clouds';

export interface PortalSetting {
  /** The setting as the portal labels it. */
  readonly setting: string;
  readonly value: string;
  readonly why: string;
  /** Writeback works without it; the admin decides. */
  readonly optional: boolean;
}

export interface SsprIntegrationGuide {
  /** Opens Password reset → On-premises integration directly. */
  readonly deepLink: string;
  /** The same page by navigation, for when the deep link lands elsewhere. */
  readonly portalPath: string;
  /** What must hold before the page has any effect. */
  readonly beforeYouStart: readonly string[];
  readonly settings: readonly PortalSetting[];
  /** How the admin proves it works once saved. */
  readonly verify: readonly string[];
}

/** The Password reset blade's On-premises integration page in the cloud's admin portal. */
function ssprIntegrationDeepLink(cloud: NationalCloud): string {
  return `${cloud.adminPortal}/#view/Microsoft_AAD_IAM/PasswordResetMenuBlade/~/OnPremisesIntegration`;
}

export function ssprIntegrationGuide(cloud: NationalCloud): SsprIntegrationGuide {
  return {
    deepLink: ssprIntegrationDeepLink(cloud),
    portalPath:
      'Microsoft Entra admin center → Protection → Password reset → On-premises integration',
    beforeYouStart: [
      'Password writeback is on in the Connect server’s Optional features (this wizard’s Optional features step); the page shows the Connect client as running once it is.',
      'Self-service password reset is enabled for the users who will use it (Password reset → Properties: Selected or All).',
      'You are signed in to the portal as a Hybrid Identity Administrator or Global Administrator of this tenant.',
    ],
    settings: [
      {
        setting: 'Write back passwords to your on-premises directory',
        value: 'Yes',
        why: 'Without it, a password reset in Entra ID is not written to Active Directory, so users keep their old on-premises password. (Newer portals label it “Enable password write back for synced users”.)',
        optional: false,
      },
      {
        setting: 'Allow users to unlock accounts without resetting their password',
        value: 'Yes',
        why: 'Lets a locked-out user unlock the Active Directory account (lockoutTime) without choosing a new password; the connector needs Write lockoutTime, which the Permissions step grants.',
        optional: true,
      },
    ],
    verify: [
      'Save the page, then reset the password of a synced test user through https://aka.ms/sspr (or as an admin in the portal).',
      'Check in Active Directory that the user’s pwdLastSet changed, and on the Connect server that the event log (source PasswordResetService) shows 31001 and 31002, not 31003 or 33004.',
    ],
  };
}
