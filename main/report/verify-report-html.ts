/**
 * The report of a verify run on its own (`writeback verify --html`, the Verify page's "Save
 * results as HTML"): titled as a verification, headed by what it proved (nothing checked says
 * so), then its checks, the by-hand commands, each DC's time and the Connect server's events.
 * No readiness counts or users table: a verify run assesses no users, and empty counts would
 * read as an all-clear. Self-contained and escaped as the readiness report is.
 */
import { checksTable, escapeHtml, STYLE, verifyDetails } from './report-html';
import { verifyHeadline, type ReportVerify } from './report-verify';

export function verifyReportHtml(verify: ReportVerify): string {
  const outcome = verify.checks.some((c) => c.status === 'fail')
    ? 'fail'
    : verify.checks.some((c) => c.status === 'pass' || c.status === 'warn')
      ? 'pass'
      : 'unknown';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Password writeback verification</title><style>${STYLE}</style></head><body>
<h1>Password writeback verification</h1>
<div class="meta">Checks run ${escapeHtml(verify.generatedAt)} by Writeback Wizard.</div>
<p class="headline"><span class="badge ${outcome}">${outcome === 'pass' ? 'PROVEN' : outcome === 'fail' ? 'NOT PROVEN' : 'NOT CHECKED'}</span> ${escapeHtml(verifyHeadline(verify.checks))}</p>
<h2>Checks</h2>
${verify.checks.length === 0 ? '<p>No check ran.</p>' : checksTable(verify.checks)}
${verifyDetails(verify)}
</body></html>
`;
}
