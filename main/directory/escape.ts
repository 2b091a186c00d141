/**
 * Escaping of user input before it reaches an LDAP filter or a DN. Every name an admin types
 * (an account, an OU) goes through these: an unescaped `*)(objectClass=*` would widen a
 * search, and an unescaped `,` or `+` would address another object.
 */

/**
 * RFC 4515 §3 filter value: `*`, `(`, `)`, `\` and NUL become `\XX`. Non-ASCII characters stay
 * as they are (RFC 4515 allows UTF-8 as is): ldapts reads each `\XX` as one character and
 * encodes the value to UTF-8 again, so escaping UTF-8 bytes would send `jÃ¼rgen` for `jürgen`.
 */
export function escapeFilterValue(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '*' || char === '(' || char === ')' || char === '\\' || code === 0) {
      out += '\\' + code.toString(16).padStart(2, '0');
    } else {
      out += char;
    }
  }
  return out;
}

/**
 * RFC 4514 §2.4 attribute value in a DN: `"`, `+`, `,`, `;`, `<`, `>`, `\` and `=` take a
 * backslash; a leading space or `#` and a trailing space are escaped; NUL becomes `\00`.
 * Non-ASCII characters stay as they are (AD accepts UTF-8 DNs, and RFC 4514 allows them).
 */
export function escapeDnValue(value: string): string {
  let out = '';
  const chars = [...value];
  chars.forEach((char, index) => {
    if (char === '\0') out += '\\00';
    else if ('"+,;<>\\='.includes(char)) out += '\\' + char;
    else if (index === 0 && (char === ' ' || char === '#')) out += '\\' + char;
    else if (index === chars.length - 1 && char === ' ') out += '\\ ';
    else out += char;
  });
  return out;
}

/** `CN=<escaped name>,<parent>`: a child DN built from a typed name. */
export function childDn(rdnType: 'CN' | 'OU', name: string, parentDn: string): string {
  return `${rdnType}=${escapeDnValue(name)},${parentDn}`;
}
