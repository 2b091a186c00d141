/**
 * The renderer's Content Security Policy: its own scripts and styles only, no eval, no inline
 * script, nothing fetched from anywhere but itself. index.html's meta tag carries the policy
 * (a test checks they agree); the header the shell and the dev bridge send adds
 * frame-ancestors, which only a header can carry (browsers ignore it in a meta tag, and warn).
 */
export const contentSecurityPolicyMeta = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The header: the meta tag's policy, and no framing by any page. */
export const contentSecurityPolicy = `${contentSecurityPolicyMeta}; frame-ancestors 'none'`;
