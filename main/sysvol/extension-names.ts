/**
 * gPCMachineExtensionNames: `[{CSE}{tool}…][{CSE}{tool}…]`, the client-side extensions a GPO's
 * computer half uses. Without the security pair, clients skip the GptTmpl.inf settings.
 * Windows writes the groups sorted by CSE GUID and the tools within a group sorted.
 */
import { badInput } from '../../shared/errors';

/** Security CSE and the Security Configuration Editor tool (docs/domain-facts.md §3). */
const securityExtension = '{827D319E-6EAC-11D2-A4EA-00C04F79F83A}';
const securityEditorTool = '{803E14A0-B4FB-11D0-A0D0-00A0C90F574B}';

export type ExtensionGroup = readonly [cse: string, ...tools: string[]];

const guid = '\\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\\}';

export function parseExtensionNames(value: string, where: string): ExtensionGroup[] {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === ' ') return [];
  if (!new RegExp(`^(\\[(${guid})+\\])+$`).test(trimmed)) {
    throw badInput(
      'gpo-extension-names-malformed',
      `gPCMachineExtensionNames of ${where} is not a list of [{GUID}{GUID}…] groups: "${value.slice(0, 200)}".`,
      'Open the GPO in Group Policy Management Editor and save a setting so Windows rewrites it, then plan again.',
    );
  }
  return [...trimmed.matchAll(/\[([^\]]+)\]/g)].map(
    (group) =>
      [...group[1]!.matchAll(new RegExp(guid, 'g'))].map((m) => m[0]) as unknown as ExtensionGroup,
  );
}

const byGuid = (a: string, b: string) =>
  a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0;

function formatExtensionNames(groups: readonly ExtensionGroup[]): string {
  return [...groups]
    .map(([cse, ...tools]) => [cse, ...[...tools].sort(byGuid)] as const)
    .sort((a, b) => byGuid(a[0], b[0]))
    .map((group) => `[${group.join('')}]`)
    .join('');
}

/** The value with the security pair present (unchanged, byte for byte, when it already is). */
export function ensureSecurityExtension(value: string, where: string): string {
  const groups = parseExtensionNames(value, where);
  const same = (a: string, b: string) => a.toUpperCase() === b.toUpperCase();
  const security = groups.findIndex(([cse]) => same(cse, securityExtension));
  if (security !== -1 && groups[security]!.slice(1).some((tool) => same(tool, securityEditorTool)))
    return value;
  const next =
    security === -1
      ? [...groups, [securityExtension, securityEditorTool] as ExtensionGroup]
      : groups.map((group, index) =>
          index === security
            ? ([...group, securityEditorTool] as unknown as ExtensionGroup)
            : group,
        );
  return formatExtensionNames(next);
}
