/**
 * Connect to Microsoft Entra ID. The app does not sign in to the tenant yet; the command line
 * does (`writeback assess --device-code` or `--graph-token-env`). Said plainly, so nobody takes
 * a missing check for a passed one.
 */
import { CommandBlock } from '../components/diff/disclosure';

export function EntraPage() {
  return (
    <>
      <p>
        The tenant side of writeback — Entra ID P1 or P2 licences, your role (Hybrid Identity
        Administrator or Global Administrator), and the sync health of the tenant — is read with
        Microsoft Graph.
      </p>
      <div className="notice" role="note">
        <p>
          <strong>Not checked in this app yet.</strong> Signing in to Entra ID from the desktop app
          is not available in this version; the directory steps that follow do not need it. Run the
          tenant checks from the command line, on this machine or any other:
        </p>
        <CommandBlock command="npx writeback assess --device-code --html tenant-report.html" />
      </div>
    </>
  );
}
