/**
 * Builders for operations: steps give the before and after, the builder fills in the images'
 * text and both fingerprints the same way apply and rollback will compute them.
 */
import type {
  AdsyncSettingOperation,
  AttributeOperation,
  FileOperation,
  SecurityDescriptorOperation,
  PlannableStep,
} from '../../shared/plan';
import { fingerprintImage } from './fingerprint';
import { decodeText } from './plan-file';

interface Common {
  readonly step: PlannableStep;
  readonly summary: string;
  readonly optIn?: boolean;
  readonly equivalentCommand?: string;
}

export function fileOperation(
  input: Common & {
    readonly path: string;
    readonly before: Uint8Array;
    readonly after: Uint8Array;
  },
): FileOperation {
  const image = (bytes: Uint8Array) => ({
    base64: Buffer.from(bytes).toString('base64'),
    text: decodeText(bytes),
  });
  const before = image(input.before);
  const after = image(input.after);
  return {
    kind: 'file',
    ...common(input),
    target: input.path,
    before,
    after,
    fingerprint: fingerprintImage('file', before),
    afterFingerprint: fingerprintImage('file', after),
  };
}

export function attributeOperation(
  input: Common & {
    readonly dn: string;
    readonly attribute: string;
    readonly before: readonly string[];
    readonly after: readonly string[];
  },
): AttributeOperation {
  return {
    kind: 'attribute',
    ...common(input),
    target: input.dn,
    attribute: input.attribute,
    before: [...input.before],
    after: [...input.after],
    fingerprint: fingerprintImage('attribute', [...input.before]),
    afterFingerprint: fingerprintImage('attribute', [...input.after]),
  };
}

export function securityDescriptorOperation(
  input: Common & {
    readonly dn: string;
    readonly domainSid: string;
    readonly principals?: Readonly<Record<string, string>>;
    readonly before: { readonly bytes: Uint8Array; readonly sddl: string };
    readonly after: { readonly bytes: Uint8Array; readonly sddl: string };
  },
): SecurityDescriptorOperation {
  const image = (side: { bytes: Uint8Array; sddl: string }) => ({
    base64: Buffer.from(side.bytes).toString('base64'),
    sddl: side.sddl,
  });
  const before = image(input.before);
  const after = image(input.after);
  return {
    kind: 'security-descriptor',
    ...common(input),
    target: input.dn,
    domainSid: input.domainSid,
    ...(input.principals ? { principals: { ...input.principals } } : {}),
    before,
    after,
    fingerprint: fingerprintImage('security-descriptor', before),
    afterFingerprint: fingerprintImage('security-descriptor', after),
  };
}

export function adsyncSettingOperation(
  input: Common &
    Pick<
      AdsyncSettingOperation,
      'target' | 'connector' | 'adsync' | 'powershell' | 'rollbackPowershell'
    > & {
      readonly before: boolean;
      readonly after: boolean;
    },
): AdsyncSettingOperation {
  const before = { enabled: input.before };
  const after = { enabled: input.after };
  return {
    kind: 'adsync-setting',
    ...common(input),
    target: input.target,
    connector: input.connector,
    adsync: input.adsync,
    powershell: input.powershell,
    rollbackPowershell: input.rollbackPowershell,
    equivalentCommand: input.powershell,
    before,
    after,
    fingerprint: fingerprintImage('adsync-setting', before),
    afterFingerprint: fingerprintImage('adsync-setting', after),
  };
}

function common(input: Common) {
  return {
    step: input.step,
    summary: input.summary,
    optIn: input.optIn ?? false,
    ...(input.equivalentCommand ? { equivalentCommand: input.equivalentCommand } : {}),
  };
}
