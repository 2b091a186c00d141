/**
 * The Verify page's "Domain controller addresses": one `<DC name>=ldaps://<address>` a line, for
 * a writable DC this computer cannot reach at its name. Each line is checked as it is typed, and
 * a wrong one says what is wrong with it, so no address is silently left unused.
 */

import { printableCollapsed } from './text/printable';

export interface DcAddress {
  readonly host: string;
  readonly url: string;
}

export interface DcAddressLines {
  readonly addresses: readonly DcAddress[];
  /** One sentence per wrong line, naming the line. */
  readonly problems: readonly string[];
}

/** A DC's DNS name as AD's dnsHostName gives it: dotted labels of letters, digits and hyphens. */
const dnsName =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** ldaps://, a host name, an IPv4 or a bracketed IPv6 address, and an optional port. */
const ldapsAddress = /^ldaps:\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i;

export function parseDcAddressLines(text: string): DcAddressLines {
  const addresses: DcAddress[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const problem = lineProblem(line, seen);
    if (problem !== undefined) {
      problems.push(`Line ${index + 1} (${shown(line)}): ${problem}`);
      return;
    }
    const at = line.indexOf('=');
    const host = line.slice(0, at).trim().toLowerCase();
    seen.add(host);
    addresses.push({ host, url: line.slice(at + 1).trim() });
  });
  return { addresses, problems };
}

function lineProblem(line: string, seen: ReadonlySet<string>): string | undefined {
  const at = line.indexOf('=');
  if (at < 0)
    return 'it has no "=": write the DC\'s full name, then =, then its address, as dc2.contoso.com=ldaps://10.0.0.12.';
  const host = line.slice(0, at).trim();
  const url = line.slice(at + 1).trim();
  if (host === '') return 'the DC name before "=" is missing.';
  if (!dnsName.test(host))
    return `${shown(host)} is not a DC's full DNS name (as dc2.contoso.com): the address is used only for the writable DC of that exact name.`;
  if (seen.has(host.toLowerCase())) return `${shown(host)} is given twice: keep one line for it.`;
  if (!/^ldaps:\/\//i.test(url))
    return `the address ${shown(url)} is not LDAPS: give ldaps://<address> (the canary reads DCs over TLS only).`;
  if (!ldapsAddress.test(url))
    return `the address ${shown(url)} must be ldaps://<name or IP>[:port], with nothing after it.`;
  return undefined;
}

/** A line as typed, without control characters, shortened. */
function shown(text: string): string {
  return printableCollapsed(text, 80);
}
