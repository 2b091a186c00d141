/**
 * The renderer's Content Security Policy: its own scripts and styles only, no eval, no inline
 * script, nothing fetched from anywhere but itself. The same text goes in index.html's meta tag
 * (a test checks they agree) and in the header the shell and the dev bridge send.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
