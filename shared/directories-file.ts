/**
 * The directories file (docs/cli.md "directories file (format)"): the forests one run works on,
 * as the Connect wizard's "Connect your directories" page lists them, each with its DC, the
 * account that binds there, the NAME of the environment variable that holds that account's
 * password, how its certificate is trusted, and optionally its connector account and the OUs
 * to work on, and the SYSVOL folder where the platform has no default. `assess`, `plan`,
 * `apply`, `rollback` and `finish` read it with `--directories`.
 *
 * It never holds a secret: a field the format does not name is refused (a `password`, a
 * `token`), and so is a DC address with credentials in it. It is untrusted input: nothing in
 * an error message echoes its values, only field names and positions.
 */
import { z } from 'zod';
import { badInput, type WizardError } from './errors';
import { controlCharacters } from './text/printable';

const directoriesFileFormatVersion = 1;

const text = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !controlCharacters.test(value), 'contains control characters');

/** `contoso.com`: a DNS name, as the forest's root domain is called. */
const forestName = z
  .string()
  .max(253)
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i,
    'is not a DNS name such as contoso.com',
  );

/** `ldaps://host[:port]` or `ldap://host[:port]` (StartTLS), nothing else: no path, no account. */
const dcUrl = z
  .string()
  .max(300)
  .superRefine((value, context) => {
    // shared/ has no URL class (no DOM, no Node): the authority is read by hand.
    const authority = /^ldaps?:\/\/([^/?#]*)\/?$/i.exec(value)?.[1];
    if (authority?.includes('@') || /^[a-z]+:\/\/[^/?#]*@/i.test(value)) {
      context.addIssue({
        code: 'custom',
        message: 'holds an account or password; the file never holds credentials',
      });
    } else if (
      authority === undefined ||
      !/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)(:\d{1,5})?$/i.test(authority)
    ) {
      context.addIssue({
        code: 'custom',
        message: 'is not ldaps://host[:port] or ldap://host[:port]',
      });
    }
  });

/** The NAME of an environment variable; the password itself never appears in the file. */
const environmentVariableName = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]{0,127}$/,
    'is not the name of an environment variable (letters, digits and _, e.g. CONTOSO_DC_PASSWORD)',
  );

const fingerprint = z
  .string()
  .regex(/^([0-9a-fA-F]{2}:?){31}[0-9a-fA-F]{2}$/, 'is not a SHA-256 fingerprint (64 hex digits)');

const directoryEntrySchema = z
  .strictObject({
    /** The forest's DNS name (its root domain's). */
    forest: forestName,
    /** A DC of the forest: ldaps://dc1.contoso.com. */
    dc: dcUrl,
    /** The account that reads (and applies) there: a UPN or a DN. */
    bindUser: text(500),
    /** The environment variable that holds the bind account's password. */
    passwordEnv: environmentVariableName,
    /** A PEM file of the CA that issued the DC's certificate (besides the system store). */
    ca: text(1000).optional(),
    /** Or the DC certificate's SHA-256, pinned instead. */
    tlsFingerprint: fingerprint.optional(),
    /** The AD DS connector account of this forest (default: discovered, MSOL_…). */
    account: text(500).optional(),
    /** Work on these OUs only (DNs), instead of each domain root. */
    scope: z.array(text(2000)).min(1).max(1000).optional(),
    /** The domain's SYSVOL folder (the one holding Policies), where there is no default. */
    sysvol: text(1000).optional(),
  })
  .refine((entry) => !(entry.ca && entry.tlsFingerprint), {
    message: 'gives both ca and tlsFingerprint; trust the CA or pin the certificate, not both',
  });

const directoriesFileSchema = z
  .strictObject({
    formatVersion: z.literal(directoriesFileFormatVersion),
    directories: z.array(directoryEntrySchema).min(1).max(100),
  })
  .superRefine((file, context) => {
    const seen = new Set<string>();
    file.directories.forEach((entry, index) => {
      const forest = entry.forest.toLowerCase();
      if (seen.has(forest)) {
        context.addIssue({
          code: 'custom',
          path: ['directories', index, 'forest'],
          message: 'names a forest already listed above; list each forest once',
        });
      }
      seen.add(forest);
    });
  });

export type DirectoriesFile = z.infer<typeof directoriesFileSchema>;
export type DirectoryEntry = z.infer<typeof directoryEntrySchema>;

/** Field names that hold secrets in other tools' files; only passwordEnv (a name) is allowed. */
const secretField = /pass(word)?|pwd|secret|token|credential|private.?key|api.?key/i;

/** The first field, at any depth, whose name says it holds a secret (not passwordEnv). */
function secretFieldIn(value: unknown, path: (string | number)[] = []): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = secretFieldIn(item, [...path, i]);
      if (found) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const here = [...path, key];
      if (key !== 'passwordEnv' && secretField.test(key)) return where(here);
      const found = secretFieldIn(item, here);
      if (found) return found;
    }
  }
  return undefined;
}

/** `directories[1].password`, with names quoted as JSON (no control character printed). */
function where(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number'
        ? `[${part}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(part))
          ? `${i === 0 ? '' : '.'}${String(part)}`
          : `[${JSON.stringify(String(part))}]`,
    )
    .join('');
}

/** The directories file's text, validated; a clear error (exit 2) for anything else. */
export function parseDirectoriesFile(textOfFile: string): DirectoriesFile {
  let json: unknown;
  try {
    json = JSON.parse(textOfFile.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw fileError(
      'directories-file-not-json',
      `The directories file is not JSON (${(error as Error).message.slice(0, 120)}).`,
      error,
    );
  }
  const secret = secretFieldIn(json);
  if (secret) {
    throw badInput(
      'directories-file-secret',
      `The directories file holds a secret: ${secret}. It never holds passwords, tokens or keys.`,
      'Remove that field. Put each password in an environment variable and name the variable in passwordEnv.',
    );
  }
  const result = directoriesFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const message = unknownKeys.length
      ? `has ${unknownKeys.map((k) => JSON.stringify(k)).join(', ')}, which the format does not name`
      : issue.message;
    throw fileError(
      'directories-file-invalid',
      `The directories file is not valid: ${where(issue.path) || 'the file'} ${message}.`,
    );
  }
  return result.data;
}

function fileError(code: string, message: string, cause?: unknown): WizardError {
  return badInput(
    code,
    message,
    `Fix the file as docs/cli.md "directories file (format)" describes: { "formatVersion": ${directoriesFileFormatVersion}, "directories": [ { "forest", "dc", "bindUser", "passwordEnv", … } ] }.`,
    cause,
  );
}
