/**
 * One planned operation as its diff: ACE rows for a DACL, a unified diff for a SYSVOL file,
 * before → after for an attribute or a Connect setting; its summary, its target, and the
 * equivalent command (dsacls, PowerShell) for those who want it. The diff is drawn by the shape
 * the operation's kind gives its change (shared/plan/change-view.ts), not by the kind.
 */
import { useId } from 'react';
import {
  changeView,
  describeTarget,
  type BeforeAfterView,
  type ChangeView,
  type Operation,
} from '../../../../shared/plan';
import { AceDiff } from './ace-diff';
import { CommandBlock, Disclosure } from './disclosure';
import { TextDiff } from './text-diff';

/** An attribute or a switch: one row, before → after. */
function BeforeAfter(props: BeforeAfterView) {
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

function Change({ view }: { view: ChangeView }) {
  switch (view.shape) {
    case 'dacl':
      return <AceDiff operation={view} />;
    case 'text':
      return <TextDiff path={view.path} before={view.before} after={view.after} />;
    case 'before-after':
      return <BeforeAfter {...view} />;
  }
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
      <Change view={changeView(operation)} />
      {operation.equivalentCommand ? (
        <Disclosure label="Equivalent command">
          <CommandBlock command={operation.equivalentCommand} />
        </Disclosure>
      ) : null}
    </article>
  );
}
