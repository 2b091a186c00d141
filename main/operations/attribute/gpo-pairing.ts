/**
 * A GPO's two version numbers move together: the Minimum password age step changes a GPC
 * (versionNumber, and the Security Settings extension) only for a GPO whose GPT.INI it raises in
 * the same plan (docs/domain-facts.md §3). An edited plan that moves the GPC change to another
 * GPO would leave both GPOs with AD and SYSVOL versions out of step while its summary still named
 * the first: refused, whatever hashes the editor recomputed.
 */
import type { Operation, Plan } from '../../../shared/plan';
import type { Refuse } from '../kind';

const guid = '\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}';
const gpcGuid = new RegExp(`^CN=(${guid}),`, 'i');
const gptIniGuid = new RegExp(`Policies[\\\\/](${guid})[\\\\/]GPT\\.INI$`, 'i');

/** The GUID of the GPO whose directory half this operation changes, if any. */
function gpcOf(operation: Operation): string | undefined {
  if (operation.kind !== 'attribute') return undefined;
  const attribute = operation.attribute.toLowerCase();
  if (attribute !== 'versionnumber' && attribute !== 'gpcmachineextensionnames') return undefined;
  return gpcGuid.exec(operation.target)?.[1]?.toUpperCase();
}

/** Refuses a GPC change with no GPT.INI change of the same GPO in the plan. */
export function checkGpoPairs(plan: Plan, refuserAt: (index: number) => Refuse): void {
  const raisedIni = new Set<string>();
  for (const operation of plan.operations) {
    const raised = operation.kind === 'file' ? gptIniGuid.exec(operation.target)?.[1] : undefined;
    if (raised !== undefined) raisedIni.add(raised.toUpperCase());
  }
  plan.operations.forEach((operation, index) => {
    const gpo = gpcOf(operation);
    if (gpo !== undefined && !raisedIni.has(gpo)) {
      refuserAt(index)(
        `changes GPO ${gpo} in the directory without raising that GPO's GPT.INI in the same plan`,
      );
    }
  });
}
