/**
 * The blockers for Excel: one row per reason (docs/cli.md), UTF-8 with a BOM (so Excel reads
 * accents), CRLF line ends and RFC 4180 quoting. A cell that starts with = + - @ (or tab /
 * carriage return) would be run as a formula by Excel: it gets a leading apostrophe
 * (OWASP "CSV injection").
 */
import type { Blocker } from '../../shared/checks';

const HEADER = ['severity', 'sAMAccountName', 'dn', 'code', 'message', 'fix'];
/** In a run over several directories, each row also names its user's domain. */
const HEADER_WITH_DOMAIN = ['severity', 'domain', 'sAMAccountName', 'dn', 'code', 'message', 'fix'];

export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function rows(severity: string, users: readonly Blocker[], withDomain: boolean): string[] {
  const out: string[] = [];
  for (const user of users) {
    const who = withDomain
      ? [user.directory?.domain ?? '', user.sAMAccountName]
      : [user.sAMAccountName];
    for (const reason of user.reasons) {
      out.push(
        [severity, ...who, user.dn, reason.code, reason.message, reason.fix].map(csvCell).join(','),
      );
    }
  }
  return out;
}

/** Blockers first, then warnings (marked by the severity column). */
export function reportCsv(blockers: readonly Blocker[], warnings: readonly Blocker[] = []): string {
  const withDomain = [...blockers, ...warnings].some((user) => user.directory !== undefined);
  const lines = [
    (withDomain ? HEADER_WITH_DOMAIN : HEADER).join(','),
    ...rows('blocker', blockers, withDomain),
    ...rows('warning', warnings, withDomain),
  ];
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
