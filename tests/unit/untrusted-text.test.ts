import { describe, expect, it } from 'vitest';
import { controlCharacters, printable } from '../../shared/untrusted-text';

describe('untrusted text shown to the admin', () => {
  it('has its control characters written out, everything else kept', () => {
    expect(printable('OU=Sales\u001b[2J,DC=contoso\u0000,DC=com\u009b')).toBe(
      'OU=Sales\\u001b[2J,DC=contoso\\u0000,DC=com\\u009b',
    );
    expect(printable('CN=Zoë Ångström,OU=Ventes Été,DC=contoso,DC=com')).toBe(
      'CN=Zoë Ångström,OU=Ventes Été,DC=contoso,DC=com',
    );
    expect(controlCharacters.test('tab\there')).toBe(true);
    expect(controlCharacters.test('plain text, accents é and 漢字')).toBe(false);
  });
});
