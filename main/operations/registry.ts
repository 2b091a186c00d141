/**
 * Every kind of operation, by name: the one place the plan engine (main/plan/) learns what a
 * kind knows. A kind's knowledge is its folder (./<kind>/index.ts); adding a kind is that folder
 * and one line below (with its schema's file in shared/plan/kinds/ and one line there: the app's
 * renderer validates plans too, and may import only shared/). The type makes a kind the plan
 * schema names but this registry does not a compile error.
 */
import type { ImageOf, Operation, OperationKind } from '../../shared/plan';
import { adsyncSettingKind } from './adsync-setting';
import { attributeKind } from './attribute';
import { fileKind } from './file';
import type { OperationKindModule, TargetAdapter } from './kind';
import type { Reach } from './reach';
import { securityDescriptorKind } from './security-descriptor';

type Registry = { readonly [K in OperationKind]: OperationKindModule<K> };

export const operationKindModules: Registry = {
  'security-descriptor': securityDescriptorKind,
  attribute: attributeKind,
  file: fileKind,
  'adsync-setting': adsyncSettingKind,
};

/** The module of an operation's kind (or of a kind by name). */
export function kindOf(operation: Operation | OperationKind): OperationKindModule<OperationKind> {
  const kind = typeof operation === 'string' ? operation : operation.kind;
  return operationKindModules[kind] as OperationKindModule<OperationKind>;
}

/** The fingerprint of an image (a before or after) of an operation of this kind. */
export function fingerprintImage<K extends OperationKind>(kind: K, image: ImageOf<K>): string {
  return kindOf(kind).fingerprint(image);
}

export type TargetAdapters = { readonly [K in OperationKind]?: TargetAdapter<K> };

/** The target adapters a run has, from what it reaches. */
export function targetAdapters(reach: Reach): TargetAdapters {
  const adapters: Partial<Record<OperationKind, TargetAdapter<OperationKind>>> = {};
  for (const module of Object.values(
    operationKindModules,
  ) as OperationKindModule<OperationKind>[]) {
    const adapter = module.adapter(reach);
    if (adapter) adapters[module.kind] = adapter;
  }
  return adapters as TargetAdapters;
}
