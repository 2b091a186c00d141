import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { childDn, escapeDnValue, escapeFilterValue } from '../../../main/directory/escape';

describe('escapeFilterValue (RFC 4515)', () => {
  it('neutralises a filter injection', () => {
    expect(escapeFilterValue('*)(objectClass=*')).toBe('\\2a\\29\\28objectClass=\\2a');
    expect(`(sAMAccountName=${escapeFilterValue('x)(|(sAMAccountName=*')})`).toBe(
      '(sAMAccountName=x\\29\\28|\\28sAMAccountName=\\2a)',
    );
  });
  it('escapes NUL and backslashes, and keeps non-ASCII as is (RFC 4515 allows UTF-8)', () => {
    expect(escapeFilterValue('a\0b')).toBe('a\\00b');
    expect(escapeFilterValue('dom\\user')).toBe('dom\\5cuser');
    expect(escapeFilterValue('Zoë')).toBe('Zoë');
    expect(escapeFilterValue('用户')).toBe('用户');
  });
  it('never leaves a special character unescaped (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        const escaped = escapeFilterValue(value);
        expect(escaped).not.toMatch(/[*()\0]/);
        // Every backslash starts a two-hex-digit escape.
        expect(escaped.replace(/\\[0-9a-f]{2}/g, '')).not.toContain('\\');
      }),
    );
  });
});

describe('escapeDnValue (RFC 4514)', () => {
  it('escapes the DN specials so a name cannot address another object', () => {
    expect(escapeDnValue('Smith, John')).toBe('Smith\\, John');
    expect(escapeDnValue('a+b=c;d<e>"f"\\')).toBe('a\\+b\\=c\\;d\\<e\\>\\"f\\"\\\\');
    expect(childDn('OU', 'x,DC=evil', 'DC=contoso,DC=test')).toBe(
      'OU=x\\,DC\\=evil,DC=contoso,DC=test',
    );
  });
  it('escapes a leading space or # and a trailing space, and NUL', () => {
    expect(escapeDnValue(' #a ')).toBe('\\ #a\\ ');
    expect(escapeDnValue('#a')).toBe('\\#a');
    expect(escapeDnValue('a\0')).toBe('a\\00');
  });
  it('keeps non-ASCII names readable', () => {
    expect(escapeDnValue('Zoë Müller')).toBe('Zoë Müller');
  });
});
