/**
 * Optional features: Password writeback is a switch on the Connect server (ADSync PowerShell).
 * The app runs there only when installed on the Connect server; from anywhere else it shows the
 * exact commands the command line runs (`writeback plan --steps optional-features --adsync …`).
 */
import { CommandBlock } from '../components/diff/disclosure';

export function OptionalFeaturesPage() {
  return (
    <>
      <p>
        In the Connect wizard’s <em>Optional features</em>, <strong>Password writeback</strong> goes
        from off to on. It is a setting of the Entra connector on the Azure AD Connect server, read
        and changed with the ADSync PowerShell module there.
      </p>
      <table className="before-after">
        <thead>
          <tr>
            <th scope="col">Feature</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>Password writeback</td>
            <td>Off → On</td>
          </tr>
          <tr>
            <td>Sync “User must change password at next logon” (opt-in, once writeback is on)</td>
            <td>unchanged unless you opt in</td>
          </tr>
        </tbody>
      </table>
      <div className="notice" role="note">
        <p>
          This app is not running on the Connect server, so it cannot read these switches. Plan,
          review and apply them there with the command line, which journals and can roll back the
          change like every other step:
        </p>
        <CommandBlock command="npx writeback plan --steps optional-features --adsync local --out features.json" />
        <CommandBlock command="npx writeback apply features.json" />
      </div>
    </>
  );
}
