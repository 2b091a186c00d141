/**
 * Tokens never leave this process in text: every message built from a Graph or sign-in
 * failure passes through here before it reaches an error, a log, a report or stdout.
 */
const jwtLike = /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const bearerValue = /(bearer\s+)[^\s"',;]+/gi;
const tokenFields =
  /("?(?:access_token|refresh_token|id_token|client_secret|code|device_code)"?\s*[:=]\s*"?)[^"&\s,}]+/gi;

export const redacted = '[redacted]';

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
    .replace(tokenFields, `$1${redacted}`);
}
