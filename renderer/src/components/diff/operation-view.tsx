/**
 * One planned operation as its diff: ACE rows for a DACL, a unified diff for a SYSVOL file,
 * before → after for an attribute or a Connect setting; its summary, its target, and the
 * equivalent command (dsacls, PowerShell) for those who want it.
 */
import { useId } from 'react';
import { describeTarget, type Operation } from '../../../../shared/plan';
import { describeAttributeValue } from '../../format';
import { AceDiff } from './ace-diff';
import { CommandBlock, Disclosure } from './disclosure';
import { TextDiff } from './text-diff';

function values(attribute: string, list: readonly string[]): string {
  return list.length === 0
    ? '(not set)'
    : list.map((value) => describeAttributeValue(attribute, value)).join(', ');
}

/** An attribute or a switch: one row, before → after. */
function BeforeAfter(props: { what: string; name: string; before: string; after: string }) {
  return (
    <table className="before-after">
      <thead>
        <tr>
          <th scope="col">{props.what}</th>
          <th scope="col">Before</th>
          <th scope="col">After</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>{props.name}</td>
          <td className="removed">{props.before}</td>
          <td className="added">{props.after}</td>
        </tr>
      </tbody>
    </table>
  );
}

export function OperationView({ operation }: { operation: Operation; index: number }) {
  // Unique per article: Ready shows several plans, each numbering its operations from 0.
  const heading = useId();
  return (
    <article className="operation" aria-labelledby={heading}>
      <h4 id={heading}>
        {operation.summary}
        {operation.optIn ? <span className="badge">Opt-in</span> : null}
      </h4>
      <p className="target">
        <span className="label">Target:</span> <code>{describeTarget(operation)}</code>
      </p>
      {operation.kind === 'security-descriptor' ? <AceDiff operation={operation} /> : null}
      {operation.kind === 'file' ? (
        <TextDiff
          path={operation.target}
          before={operation.before.text}
          after={operation.after.text}
        />
      ) : null}
      {operation.kind === 'attribute' ? (
        <BeforeAfter
          what="Attribute"
          name={operation.attribute}
          before={values(operation.attribute, operation.before)}
          after={values(operation.attribute, operation.after)}
        />
      ) : null}
      {operation.kind === 'adsync-setting' ? (
        <BeforeAfter
          what="Setting"
          name={operation.target}
          before={operation.before.enabled ? 'On' : 'Off'}
          after={operation.after.enabled ? 'On' : 'Off'}
        />
      ) : null}
      {operation.equivalentCommand ? (
        <Disclosure label="Equivalent command">
          <CommandBlock command={operation.equivalentCommand} />
        </Disclosure>
      ) : null}
    </article>
  );
}
