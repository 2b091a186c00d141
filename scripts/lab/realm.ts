/**
 * The realm a lab is provisioned as. CONTOSO.TEST by default (the tests and docs are written
 * against it); `WRITEBACK_LAB_REALM=FABRIKAM.TEST` provisions another forest (the second
 * forest of tests/lab/second-forest.ts). Chosen once, at provisioning, and recorded in lab.json:
 * a provisioned lab keeps its realm whatever the environment says later.
 */
import { readLabState } from '../../tests/lab/lab-env';

/** Every name the lab derives from its realm. */
export interface LabRealm {
  /** `CONTOSO.TEST`. */
  readonly realm: string;
  /** `contoso.test`. */
  readonly dnsDomain: string;
  /** `CONTOSO`. */
  readonly netbios: string;
  /** `DC=contoso,DC=test`. */
  readonly baseDn: string;
  readonly hostName: string;
  /** `dc1.contoso.test`: the DC's DNS name (also in its certificate). */
  readonly dcHostName: string;
  readonly port: number;
  /** The lab CA's subject common name: `Contoso Lab CA`. */
  readonly caName: string;
  /** The GPO that outranks the Default Domain Policy: `Contoso Password Policy`. */
  readonly passwordPolicyName: string;
}

export const defaultLabRealm = 'CONTOSO.TEST';

/**
 * A lab realm: one label (a NetBIOS name, at most 15 characters) under `.TEST`, the top-level
 * domain reserved for testing (RFC 2606), so no lab name ever resolves off this machine.
 */
export function labRealmName(value: string): string {
  const realm = value.toUpperCase();
  if (!/^[A-Z][A-Z0-9]{0,14}\.TEST$/.test(realm)) {
    throw new Error(
      `WRITEBACK_LAB_REALM must be one label of up to 15 letters and digits under .TEST, such as FABRIKAM.TEST (it is "${value}").`,
    );
  }
  return realm;
}

/** The names of a lab provisioned as `realm` (validated). */
export function labRealmFor(realm: string): LabRealm {
  const name = labRealmName(realm);
  const label = name.slice(0, -'.TEST'.length);
  const dnsDomain = name.toLowerCase();
  const title = label.charAt(0) + label.slice(1).toLowerCase();
  return {
    realm: name,
    dnsDomain,
    netbios: label,
    baseDn: `DC=${label.toLowerCase()},DC=test`,
    hostName: 'dc1',
    dcHostName: `dc1.${dnsDomain}`,
    port: 636,
    caName: `${title} Lab CA`,
    passwordPolicyName: `${title} Password Policy`,
  };
}

/** The realm asked for in the environment (WRITEBACK_LAB_REALM), else CONTOSO.TEST. */
export function labRealmFromEnv(value = process.env.WRITEBACK_LAB_REALM): string {
  return value === undefined || value === '' ? defaultLabRealm : labRealmName(value);
}

/**
 * This lab's realm: the one recorded at provisioning (lab.json written before the realm was
 * recorded is the default CONTOSO.TEST, read from its DNS name), else the one it will get.
 */
export function currentLabRealm(): string {
  const state = readLabState();
  if (!state) return labRealmFromEnv();
  return state.realm ?? state.dnsDomain.toUpperCase();
}

/** `up` on a provisioned lab refuses a realm other than the one it was provisioned with. */
export function assertRealmUnchanged(recorded: string, asked = process.env.WRITEBACK_LAB_REALM) {
  if (asked === undefined || asked === '' || labRealmName(asked) === recorded) return;
  throw new Error(
    `This lab was provisioned as ${recorded}; WRITEBACK_LAB_REALM asks for ${labRealmName(asked)}. ` +
      'Give another lab folder (WRITEBACK_LAB_DIR) and address (WRITEBACK_LAB_ADDRESS) for another forest, ' +
      'or unset WRITEBACK_LAB_REALM.',
  );
}
