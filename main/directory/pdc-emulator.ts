/**
 * The PDC emulator of a domain (the domain head's fSMORoleOwner, MS-ADTS 3.1.1.1.11): where a
 * domain's password policy and its GPOs' directory half are changed, as the Group Policy
 * Management Console changes them, so the change is not raced by an older copy on another DC.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import type { Directory } from './directory';
import { text } from './entry';

/** The PDC emulator's DNS host name, read on the domain head; undefined when it is not said. */
export async function pdcEmulatorHost(
  directory: Directory,
  baseDn: string,
): Promise<string | undefined> {
  const head = await directory.read(baseDn, ['fSMORoleOwner']);
  const server = text(head, 'fSMORoleOwner')?.replace(/^CN=NTDS Settings,/i, '');
  return server ? text(await directory.read(server, ['dNSHostName']), 'dNSHostName') : undefined;
}

/**
 * A connection to the domain's PDC emulator: `directory` itself when it is connected there (or
 * the role holder is not said), else a new one to it with the same account and trust, at the
 * same scheme and port as `url` (the caller closes it). `opened` says which.
 */
export async function openPdcEmulator(
  directory: Directory,
  baseDn: string,
  url: string,
): Promise<{ readonly directory: Directory; readonly opened: boolean }> {
  const pdc = await pdcEmulatorHost(directory, baseDn);
  const here = text(await directory.rootDse(), 'dnsHostName');
  if (!pdc || pdc.toLowerCase() === here?.toLowerCase()) return { directory, opened: false };
  const at = new URL(url);
  const pdcUrl = `${at.protocol}//${pdc}${at.port ? `:${at.port}` : ''}`;
  try {
    return { directory: await directory.openAt(pdcUrl), opened: true };
  } catch (error) {
    throw new WizardError(
      'pdc-emulator-unreachable',
      `The domain's policy is changed on its PDC emulator ${pdc}, which cannot be reached at ${pdcUrl}: ${(error as Error).message}`,
      `Give ${field('dc')} the PDC emulator itself, or make ${pdcUrl} reachable with a certificate ${field('ca')} trusts.`,
      ExitCode.connect,
      { cause: error },
    );
  }
}
