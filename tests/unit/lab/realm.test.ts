/**
 * The lab's realm is a property of the lab: CONTOSO.TEST gives exactly the names every lab had
 * before the realm could be chosen (the tests and docs are written against them), another
 * realm gives its own, and the second forest's address follows the first lab's.
 */
import { describe, expect, it } from 'vitest';
import {
  assertRealmUnchanged,
  labRealmFor,
  labRealmFromEnv,
  labRealmName,
} from '../../../scripts/lab/realm';
import { secondForestAddress } from '../../lab/second-forest';

describe('the lab realm', () => {
  it('CONTOSO.TEST is the default and keeps every name the lab always had', () => {
    expect(labRealmFromEnv(undefined)).toBe('CONTOSO.TEST');
    expect(labRealmFromEnv('')).toBe('CONTOSO.TEST');
    expect(labRealmFor('CONTOSO.TEST')).toEqual({
      realm: 'CONTOSO.TEST',
      dnsDomain: 'contoso.test',
      netbios: 'CONTOSO',
      baseDn: 'DC=contoso,DC=test',
      hostName: 'dc1',
      dcHostName: 'dc1.contoso.test',
      port: 636,
      caName: 'Contoso Lab CA',
      passwordPolicyName: 'Contoso Password Policy',
    });
  });

  it('another realm gives its own names, whatever the case it is typed in', () => {
    expect(labRealmFor(labRealmFromEnv('fabrikam.test'))).toEqual({
      realm: 'FABRIKAM.TEST',
      dnsDomain: 'fabrikam.test',
      netbios: 'FABRIKAM',
      baseDn: 'DC=fabrikam,DC=test',
      hostName: 'dc1',
      dcHostName: 'dc1.fabrikam.test',
      port: 636,
      caName: 'Fabrikam Lab CA',
      passwordPolicyName: 'Fabrikam Password Policy',
    });
  });

  it.each([
    'FABRIKAM.COM',
    'EMEA.FABRIKAM.TEST',
    'FABRIKAMCORPORATE.TEST',
    '1ABC.TEST',
    'FAB-RIKAM.TEST',
    '',
  ])('refuses %j: one label of up to 15 letters and digits under .TEST', (realm) => {
    expect(() => labRealmName(realm)).toThrow(/WRITEBACK_LAB_REALM must be one label/);
  });

  it('a provisioned lab keeps its realm: up refuses another', () => {
    expect(() => assertRealmUnchanged('CONTOSO.TEST', undefined)).not.toThrow();
    expect(() => assertRealmUnchanged('CONTOSO.TEST', 'contoso.test')).not.toThrow();
    expect(() => assertRealmUnchanged('CONTOSO.TEST', 'FABRIKAM.TEST')).toThrow(
      /provisioned as CONTOSO\.TEST; WRITEBACK_LAB_REALM asks for FABRIKAM\.TEST/,
    );
  });
});

describe("the second forest's address", () => {
  it("is the first lab's + 1 unless WRITEBACK_LAB_SECOND_ADDRESS says otherwise", () => {
    expect(secondForestAddress('', '127.0.0.10')).toBe('127.0.0.11');
    expect(secondForestAddress('', '127.0.0.1')).toBe('127.0.0.2');
    expect(secondForestAddress('127.0.3.7', '127.0.0.10')).toBe('127.0.3.7');
  });

  it('stays on loopback and says what to do at the end of a /24', () => {
    expect(() => secondForestAddress('10.0.0.5', '127.0.0.10')).toThrow(/loopback/);
    expect(() => secondForestAddress('', '127.0.0.254')).toThrow(/WRITEBACK_LAB_SECOND_ADDRESS/);
  });
});
