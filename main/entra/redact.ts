/**
 * Tokens never leave this process in text: every message built from a Graph or sign-in
 * failure passes through here before it reaches an error, a log, a report or stdout.
 */
const jwtLike = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const bearerValue = /(bearer\s+)[^\s"',;]+/gi;
const tokenFields =
  /("?(?:access_token|refresh_token|id_token|client_secret|client_assertion|code|device_code|x-ms-refresh-token)"?\s*[:=]\s*"?)[^"&\s,}]+/gi;
/**
 * A token with no label (an opaque refresh token like `0.AXYA…`): a run of 48 or more
 * base64url characters holding letters and digits. GUIDs (36), SIDs and DNs never are.
 */
const unlabelled = /(?<![\w.~+-])(?=[\w.~+-]*\d)(?=[\w.~+-]*[A-Za-z])[\w.~+-]{48,}={0,2}/g;

const redacted = '[redacted]';

/** Removes the given secrets and anything that looks like a token from `text`. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  let result = text;
  for (const secret of secrets) {
    // Short values would blank ordinary words; tokens are long.
    if (secret.length >= 8) result = result.split(secret).join(redacted);
  }
  return result
    .replace(jwtLike, redacted)
    .replace(bearerValue, `$1${redacted}`)
    .replace(tokenFields, `$1${redacted}`)
    .replace(unlabelled, redacted);
}
