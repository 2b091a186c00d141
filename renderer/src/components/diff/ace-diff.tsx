/**
 * A DACL change as ADUC's Advanced Security Settings would show it: one row per ACE added or
 * removed (principal, Allow/Deny, permission, applies to), marked with + / − in text as well as
 * colour, the inheritance switch when it changes, and the SDDL before and after a click away.
 */
import {
  diffDacl,
  parseSecurityDescriptor,
  SdControl,
  WritebackGuid,
  type AceRow,
} from '../../../../shared/sd';
import type { DaclChangeView } from '../../../../shared/plan';
import { fromBase64 } from './base64';
import { Disclosure } from './disclosure';
import { useNameTable } from './principal-names';

function Row({ sign, row }: { sign: '+' | '−'; row: AceRow }) {
  return (
    <tr className={sign === '+' ? 'added' : 'removed'}>
      <td className="sign">
        <span aria-hidden="true">{sign}</span>
        <span className="visually-hidden">{sign === '+' ? 'Added' : 'Removed'}</span>
      </td>
      <td>{row.type}</td>
      <td>{row.principal}</td>
      <td>{row.permission}</td>
      <td>{row.appliesTo}</td>
      <td>{row.inherited ? 'Inherited from a parent' : 'Explicit'}</td>
    </tr>
  );
}

/** The entries a change writes, then those the DC will inherit into the object (ADUC's order). */
function explicitFirst(rows: readonly AceRow[]): AceRow[] {
  return [...rows.filter((r) => !r.inherited), ...rows.filter((r) => r.inherited)];
}

export function AceDiff({ operation }: { operation: DaclChangeView }) {
  const names = useNameTable(operation.domainSid);
  const before = parseSecurityDescriptor(fromBase64(operation.before.base64));
  const after = parseSecurityDescriptor(fromBase64(operation.after.base64));
  const diff = diffDacl(before.dacl, after.dacl, names, WritebackGuid.userClass);
  const inheritance = (control: number) =>
    control & SdControl.daclProtected ? 'disabled' : 'enabled';
  const inheritanceChange =
    inheritance(before.control) !== inheritance(after.control)
      ? `${inheritance(before.control)} → ${inheritance(after.control)}`
      : undefined;
  return (
    <div className="ace-diff">
      <table>
        <caption className="visually-hidden">
          Permission entries changed on {operation.target}
        </caption>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Change</span>
            </th>
            <th scope="col">Type</th>
            <th scope="col">Principal</th>
            <th scope="col">Access</th>
            <th scope="col">Applies to</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {explicitFirst(diff.removed).map((row, i) => (
            <Row key={`r${i}`} sign="−" row={row} />
          ))}
          {explicitFirst(diff.added).map((row, i) => (
            <Row key={`a${i}`} sign="+" row={row} />
          ))}
        </tbody>
      </table>
      {inheritanceChange ? (
        <p className="inheritance-change">
          Inheritance from the parent: {inheritanceChange}
          {diff.added.some((r) => r.inherited)
            ? ` (the ${diff.added.filter((r) => r.inherited).length} entries marked “Inherited from a parent” are the parent’s, which the domain controller applies once inheritance is on)`
            : ''}
        </p>
      ) : null}
      <Disclosure label="SDDL before and after">
        <dl className="sddl">
          <dt>Before</dt>
          <dd>
            <code>{operation.before.sddl}</code>
          </dd>
          <dt>After</dt>
          <dd>
            <code>{operation.after.sddl}</code>
          </dd>
        </dl>
      </Disclosure>
    </div>
  );
}
