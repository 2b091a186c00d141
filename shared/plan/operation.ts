/**
 * The operations a plan is made of: one change to one target, with the state it was computed
 * from (before), the state it leads to (after) and their fingerprints, so apply can refuse a
 * target that drifted and rollback can refuse one that was changed again (docs/cli.md, exit 4).
 * Plain data, JSON-able, no secrets: every object is strict, so a field the schema does not
 * name (a "password", say) makes the plan invalid.
 *
 * Each kind is one file of ./kinds/ (its schema, target key, target as the admin reads it);
 * `operationKindFacts` below lists them, and the engine's half of each kind is
 * main/operations/<kind>/ (docs/architecture.md, "Operations by kind").
 */
import { z } from 'zod';
import type { ChangeView } from './change-view';
import type { OperationKindFacts } from './operation-fields';
import { adsyncSettingFacts } from './kinds/adsync-setting';
import { attributeFacts } from './kinds/attribute';
import { fileFacts } from './kinds/file';
import { securityDescriptorFacts } from './kinds/security-descriptor';

export {
  plannableSteps,
  planDirectoryTag,
  type PlannableStep,
  type PlanDirectoryTag,
} from './operation-fields';
export * from './kinds/security-descriptor';
export * from './kinds/attribute';
export * from './kinds/file';
export * from './kinds/adsync-setting';

/** Every kind of operation: a plan's operation is exactly one of these. */
const operationKindFacts = [
  securityDescriptorFacts,
  attributeFacts,
  fileFacts,
  adsyncSettingFacts,
] as const;

type SchemasOf<Kinds extends readonly { schema: unknown }[]> = {
  -readonly [I in keyof Kinds]: Kinds[I]['schema'];
};

export const operationSchema = z.discriminatedUnion(
  'kind',
  operationKindFacts.map((facts) => facts.schema) as unknown as SchemasOf<
    typeof operationKindFacts
  >,
);

export type Operation = z.infer<typeof operationSchema>;
export type OperationKind = Operation['kind'];
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** The image (before or after) of an operation of kind K. */
export type ImageOf<K extends OperationKind> = OperationOf<K>['before'];

/** The kinds' names, in the order the union lists them. */
export const operationKinds: readonly OperationKind[] = operationKindFacts.map(
  (facts) => facts.schema.shape.kind.value,
);

const factsByKind = new Map<
  string,
  OperationKindFacts<z.ZodObject<{ kind: z.ZodLiteral<string> }>>
>(operationKindFacts.map((facts) => [facts.schema.shape.kind.value, facts as never]));

function factsOf(operation: Operation) {
  return factsByKind.get(operation.kind)!;
}

/**
 * What identifies a target across operations: two operations of one plan never touch the same
 * thing (the attribute of a DN, the file, the setting), or apply's fingerprints would lie.
 */
export function targetKey(operation: Operation): string {
  return factsOf(operation).targetKey(operation);
}

/** The target as the admin reads it (DN + attribute, path, setting). */
export function describeTarget(operation: Operation): string {
  return factsOf(operation).describeTarget(operation);
}

/** The change as the app draws it (shared/plan/change-view.ts). */
export function changeView(operation: Operation): ChangeView {
  return factsOf(operation).changeView(operation);
}
