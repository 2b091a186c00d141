import { ExitCode, WizardError } from '../errors';

/** What went wrong while reading a security descriptor or an SDDL string. */
export type SdErrorCode =
  | 'sd-truncated'
  | 'sd-bad-revision'
  | 'sd-bad-offset'
  | 'sd-overlap'
  | 'sd-bad-acl'
  | 'sd-bad-ace'
  | 'sd-bad-sid'
  | 'sd-bad-guid'
  | 'sd-bad-sddl'
  /** SDDL names a domain-relative alias (DA, DU, …) and no domain SID was given. */
  | 'sd-needs-domain-sid'
  | 'sd-unsupported';

/**
 * A typed error from the security-descriptor kernel. `offset` is the byte offset in the
 * binary descriptor, `position` the character position in an SDDL string, when known.
 * It is a WizardError with exit code 2 (bad input), so the CLI can show it as it is.
 */
export class SdError extends WizardError {
  readonly offset: number | undefined;
  readonly position: number | undefined;

  constructor(
    code: SdErrorCode,
    message: string,
    where: { offset?: number; position?: number } = {},
    fix = 'Check that the value is a complete self-relative security descriptor (binary) or valid SDDL, as read from the directory.',
  ) {
    const place =
      where.offset !== undefined
        ? ` (at byte ${where.offset})`
        : where.position !== undefined
          ? ` (at SDDL position ${where.position})`
          : '';
    super(code, `${message}${place}`, fix, ExitCode.usage);
    this.offset = where.offset;
    this.position = where.position;
  }
}

export function isSdError(value: unknown): value is SdError {
  return value instanceof SdError;
}
