/**
 * The operations a plan is made of: one change to one target, with the state it was computed
 * from (before), the state it leads to (after) and their fingerprints, so apply can refuse a
 * target that drifted and rollback can refuse one that was changed again (docs/cli.md, exit 4).
 * Plain data, JSON-able, no secrets: every object is strict, so a field the schema does not
 * name (a "password", say) makes the plan invalid.
 */
import { z } from 'zod';
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
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64');
/**
 * A distinguished name, loosely: at least one RDN `attr=value`, where a value may hold escaped
 * characters (RFC 4514): `OU=Ops & Support\, Paris` is one RDN, as AD names such an OU.
 */
const distinguishedName = plainLine().regex(
  /^[A-Za-z][A-Za-z0-9-]*=(?:[^,\\]|\\.)+(?:,[A-Za-z][A-Za-z0-9-]*=(?:[^,\\]|\\.)+)*$/,
  'must be a DN (CN=…,DC=…)',
);

/** Attributes that hold or reveal secrets: a plan never carries or writes them. */
export const secretAttributes: ReadonlySet<string> = new Set([
  'unicodepwd',
  'userpassword',
  'dbcspwd',
  'ntpwdhistory',
  'lmpwdhistory',
  'supplementalcredentials',
  'ms-mcs-admpwd',
  'mslaps-password',
  'mslaps-encryptedpassword',
  'msds-managedpassword',
  'clearTextPassword'.toLowerCase(),
]);

/** What every operation carries (docs/cli.md: step, target, summary, before, after). */
const common = {
  step: z.enum(plannableSteps),
  /** One line in the admin's words. */
  summary: plainLine().min(1).max(300),
  /** Opt-in operations are only planned when the admin asked for them (e.g. --psos). */
  optIn: z.boolean(),
  /** The equivalent command an admin could run by hand (dsacls, PowerShell, …). */
  equivalentCommand: plainText().max(2000).optional(),
  /** sha256 of the exact state read (see main/plan/fingerprint.ts for each kind). */
  fingerprint: sha256Hex,
  /** sha256 of the after state, the same way: rollback's proof that nobody changed it since. */
  afterFingerprint: sha256Hex,
};

/** A security descriptor's DACL (the SD flags control writes only the DACL). */
const sdImage = z.strictObject({ base64, sddl: plainLine().min(1) });
export const securityDescriptorOperation = z.strictObject({
  kind: z.literal('security-descriptor'),
  ...common,
  target: distinguishedName,
  /** To read the SDDL's DA/DU/… aliases back to SIDs. */
  domainSid: z.string().regex(/^S-1-5-21(-\d+){3}$/),
  /**
   * The names the directory gave for the principals the change grants to (the connector:
   * DOMAIN\MSOL_…), so every face names them as ADUC does, not as bare SIDs. Shown, never trusted.
   */
  principals: z
    .record(z.string().regex(/^S-1-5(-\d+){1,14}$/), z.string().regex(/^[^\p{Cc}]{1,256}$/u))
    .optional(),
  before: sdImage,
  after: sdImage,
});

/** LDAP attribute values as strings, order-insensitive (LDAP values are a set). */
const attributeValues = z.array(plainLine().max(65536)).max(1000);
export const attributeOperation = z.strictObject({
  kind: z.literal('attribute'),
  ...common,
  target: distinguishedName,
  attribute: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9-]*$/)
    .refine((name) => !secretAttributes.has(name.toLowerCase()), 'is a secret attribute'),
  before: attributeValues,
  after: attributeValues,
});

/** A file's whole content: the bytes written back, and its text for the diff. */
const fileImage = z.strictObject({ base64, text: plainText() });
export const fileOperation = z.strictObject({
  kind: z.literal('file'),
  ...common,
  /** Absolute path (POSIX or Windows/UNC). */
  target: plainLine().refine(isAbsolutePath, 'must be an absolute path'),
  before: fileImage,
  after: fileImage,
});

/** An AD Connect setting: a switch on the Entra connector or a tenant feature. */
const settingState = z.strictObject({ enabled: z.boolean() });
export const adsyncSettingOperation = z.strictObject({
  kind: z.literal('adsync-setting'),
  ...common,
  /** The setting's name, e.g. `PasswordWriteback` or `ForcePasswordChangeOnLogOn`. */
  target: z.enum(['PasswordWriteback', 'ForcePasswordChangeOnLogOn']),
  /** The Entra connector's name (the one ending "- AAD"). */
  connector: plainLine().min(1).max(256),
  /** Where ADSync is reached: `local` or `remote:<host>`. */
  adsync: z.string().regex(/^(local|remote:[A-Za-z0-9.-]+)$/),
  before: settingState,
  after: settingState,
  /** The PowerShell that makes `after` true (shown, and run by the adapter). */
  powershell: z.string().min(1).max(2000),
  /** The PowerShell that restores `before` (run by rollback). */
  rollbackPowershell: z.string().min(1).max(2000),
});

export const operationSchema = z.discriminatedUnion('kind', [
  securityDescriptorOperation,
  attributeOperation,
  fileOperation,
  adsyncSettingOperation,
]);

export type Operation = z.infer<typeof operationSchema>;
export type OperationKind = Operation['kind'];
export type SecurityDescriptorOperation = z.infer<typeof securityDescriptorOperation>;
export type AttributeOperation = z.infer<typeof attributeOperation>;
export type FileOperation = z.infer<typeof fileOperation>;
export type AdsyncSettingOperation = z.infer<typeof adsyncSettingOperation>;
export type OperationOf<K extends OperationKind> = Extract<Operation, { kind: K }>;

/** The image (before or after) of an operation of kind K. */
export type ImageOf<K extends OperationKind> = OperationOf<K>['before'];

function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/**
 * What identifies a target across operations: two operations of one plan never touch the same
 * thing (the attribute of a DN, the file, the setting), or apply's fingerprints would lie.
 */
export function targetKey(operation: Operation): string {
  switch (operation.kind) {
    case 'security-descriptor':
      return `sd:${operation.target.toLowerCase()}`;
    case 'attribute':
      return `attr:${operation.target.toLowerCase()}#${operation.attribute.toLowerCase()}`;
    case 'file':
      return `file:${operation.target}`;
    case 'adsync-setting':
      return `adsync:${operation.adsync}:${operation.connector}:${operation.target}`;
  }
}

/** The target as the admin reads it (DN + attribute, path, setting). */
export function describeTarget(operation: Operation): string {
  return operation.kind === 'attribute'
    ? `${operation.attribute} of ${operation.target}`
    : operation.kind === 'adsync-setting'
      ? `${operation.target} on ${operation.connector}`
      : operation.target;
}
