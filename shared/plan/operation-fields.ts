/**
 * The fields every kind of operation is built from: the step that planned it, its summary, its
 * fingerprints, and the value types (sha256, base64, DN) the kinds' schemas share.
 */
import { z } from 'zod';
import type { ChangeView } from './change-view';
import { plainLine, plainText } from './plain';

/**
 * The steps of the wizard that produce operations (docs/product.md, "The wizard", pages 5-7), in
 * the wizard's order: what a plan's `steps`, an operation's `step` and a note's `step` name. Each
 * is also a wizard page (shared/wizard-pages.ts), but most pages plan nothing.
 */
export const plannableSteps = ['optional-features', 'permissions', 'min-password-age'] as const;
export type PlannableStep = (typeof plannableSteps)[number];

/** sha256 in lower-case hex. */
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 in lower-case hex');
export const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/**
 * A distinguished name, loosely: at least one RDN `attr=value`, where a value may hold escaped
 * characters (RFC 4514): `OU=Ops & Support\, Paris` is one RDN, as AD names such an OU.
 */
export const distinguishedName = plainLine().regex(
  /^[A-Za-z][A-Za-z0-9-]*=(?:[^,\\]|\\.)+(?:,[A-Za-z][A-Za-z0-9-]*=(?:[^,\\]|\\.)+)*$/,
  'must be a DN (CN=…,DC=…)',
);

/** A DNS name as a forest or a domain is called (`contoso.com`), in lower case. */
const dnsName = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
    'must be a DNS name in lower case (contoso.com)',
  );

/**
 * The directory an operation or a note belongs to, in a plan over several directories (`plan
 * --directories`): the forest (its root domain's DNS name) and the domain whose DC writes it.
 * A plan over one domain names none.
 */
export const planDirectoryTag = z.strictObject({ forest: dnsName, domain: dnsName });
export type PlanDirectoryTag = z.infer<typeof planDirectoryTag>;

/** What every operation carries (docs/cli.md: step, target, summary, before, after). */
export const commonFields = {
  /** The directory it is written in, when the plan covers several (source.directories). */
  directory: planDirectoryTag.optional(),
  step: z.enum(plannableSteps),
  /** One line in the admin's words. */
  summary: plainLine().min(1).max(300),
  /** Opt-in operations are only planned when the admin asked for them (e.g. --psos). */
  optIn: z.boolean(),
  /** The equivalent command an admin could run by hand (dsacls, PowerShell, …). */
  equivalentCommand: plainText().max(2000).optional(),
  /** sha256 of the exact state read (each kind's fingerprint, main/operations/<kind>/). */
  fingerprint: sha256Hex,
  /** sha256 of the after state, the same way: rollback's proof that nobody changed it since. */
  afterFingerprint: sha256Hex,
};

/**
 * What the faces know of a kind without Node: its schema, what identifies its target across a
 * plan, how the admin reads that target, and how the app draws its change. One `OperationKindFacts` per file of ./kinds/.
 */
export interface OperationKindFacts<Schema extends z.ZodObject<{ kind: z.ZodLiteral<string> }>> {
  readonly schema: Schema;
  /**
   * What identifies a target across operations: two operations of one plan never touch the same
   * thing (the attribute of a DN, the file, the setting), or apply's fingerprints would lie.
   */
  targetKey(operation: z.infer<Schema>): string;
  /** The target as the admin reads it (DN + attribute, path, setting). */
  describeTarget(operation: z.infer<Schema>): string;
  /** The change as the app draws it. */
  changeView(operation: z.infer<Schema>): ChangeView;
}
