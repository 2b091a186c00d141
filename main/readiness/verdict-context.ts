/**
 * The verdict engine's context from the domain read model: the same facts, read once, for
 * `writeback assess`, the app's scan and the Permissions step's projection.
 */
import { builtInNames, type NameResolver } from '../../shared/sd';
import type { DomainModel } from '../domain/read-model';
import type { ReadinessContext } from './user-verdict';

export interface VerdictOptions {
  /** Where the Permissions step grants; default: the domain root. */
  readonly grantScopes?: readonly string[];
  /** Now, in ms; default: the time the context is made. */
  readonly now?: number;
  /** Names for principals in Deny messages; default: the built-in names of the domain. */
  readonly resolver?: NameResolver;
}

export function verdictContext(model: DomainModel, options: VerdictOptions = {}): ReadinessContext {
  return {
    token: model.token,
    connectorName: model.connector.sAMAccountName,
    schema: model.schema.propertySets,
    resolver: options.resolver ?? builtInNames(model.domain.sid),
    policy: model.policy,
    protectedMembers: model.protectedMembers,
    tree: model.containers,
    grantScopes: options.grantScopes?.length ? options.grantScopes : [model.domain.dn],
    now: options.now ?? Date.now(),
  };
}
