/**
 * The PDC emulator a domain's policy is written on: the domain head's fSMORoleOwner, read as
 * the DC answers it. Connected to it already, the same connection is used; connected to another
 * DC, a new one is opened at the PDC's name with the scheme and port given (the same account and
 * trust, through openAt); one that cannot be reached says which DC, and what to give instead.
 */
import { describe, expect, it } from 'vitest';
import { ExitCode, WizardError } from '../../../shared/errors';
import type { Directory } from '../../../main/directory/directory';
import { openPdcEmulator, pdcEmulatorHost } from '../../../main/directory/pdc-emulator';

const BASE = 'DC=contoso,DC=com';
const PDC_SERVER = `CN=DC1,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,${BASE}`;

const entry = (dn: string, values: Record<string, string>) => ({
  dn,
  values: Object.fromEntries(Object.entries(values).map(([k, v]) => [k.toLowerCase(), [v]])),
  bytes: {},
});

/** A DC named `here` in a domain whose PDC emulator is dc1.contoso.com. */
function dcDouble(here: string, opened: string[], reachable = true): Directory {
  const self: Directory = {
    rootDse: async () => entry('', { dnsHostName: here }),
    read: async (dn: string) =>
      dn === BASE
        ? entry(BASE, { fSMORoleOwner: `CN=NTDS Settings,${PDC_SERVER}` })
        : dn === PDC_SERVER
          ? entry(PDC_SERVER, { dNSHostName: 'dc1.contoso.com' })
          : undefined,
    openAt: async (url: string) => {
      opened.push(url);
      if (!reachable) throw new Error('connect ECONNREFUSED');
      return dcDouble('dc1.contoso.com', opened);
    },
  } as unknown as Directory;
  return self;
}

describe('the PDC emulator', () => {
  it('is read from the domain head', async () => {
    expect(await pdcEmulatorHost(dcDouble('dc2.contoso.com', []), BASE)).toBe('dc1.contoso.com');
  });

  it('connected to it: the same connection, nothing opened', async () => {
    const opened: string[] = [];
    const here = dcDouble('DC1.contoso.com', opened);
    const pdc = await openPdcEmulator(here, BASE, 'ldaps://dc1.contoso.com');
    expect(pdc).toEqual({ directory: here, opened: false });
    expect(opened).toEqual([]);
  });

  it('connected to another DC: opens the PDC at the same scheme and port', async () => {
    const opened: string[] = [];
    const pdc = await openPdcEmulator(
      dcDouble('dc2.contoso.com', opened),
      BASE,
      'ldap://10.0.0.2:389',
    );
    expect(pdc.opened).toBe(true);
    expect(opened).toEqual(['ldap://dc1.contoso.com:389']);
  });

  it('unreachable: exit 3, naming the PDC and what to give instead', async () => {
    const error = await openPdcEmulator(
      dcDouble('dc2.contoso.com', [], false),
      BASE,
      'ldaps://dc2.contoso.com',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WizardError);
    expect(error).toMatchObject({ code: 'pdc-emulator-unreachable', exitCode: ExitCode.connect });
    expect((error as WizardError).message).toContain('dc1.contoso.com');
  });
});
