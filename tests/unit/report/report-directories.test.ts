import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Blocker, Check } from '../../../shared/checks';
import { domainDnsNameOfDn } from '../../../shared/dn';
import { runAssessment, type AssessProvider } from '../../../main/assess/assess-provider';
import { assessSummary } from '../../../main/assess/directory-summaries';
import { reportCsv } from '../../../main/report/report-csv';
import { reportHtml } from '../../../main/report/report-html';
import { reportModel } from '../../../main/report/report-model';
import { ExitCode } from '../../../shared/errors';

// jsdom ships no types here (no @types/jsdom): its constructor, typed as far as these tests use it.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (
    html: string,
    options: { runScripts: 'dangerously' },
  ) => { window: Window & typeof globalThis };
};

const contoso = { forest: 'contoso.test', domain: 'contoso.test' };
const emea = { forest: 'contoso.test', domain: 'emea.contoso.test' };
const fabrikam = { forest: 'fabrikam.test', domain: 'fabrikam.test' };

const check = (id: string, status: Check['status'], directory?: Check['directory']): Check => ({
  id,
  title: id,
  status,
  message: 'm',
  fix: '',
  ...(directory ? { directory } : {}),
});
const user = (
  name: string,
  domainDn: string,
  directory: Blocker['directory'],
  code = 'deny-ace',
) => ({
  sAMAccountName: name,
  dn: `CN=${name},OU=Staff,${domainDn}`,
  reasons: [{ code, message: 'm', fix: 'f' }],
  directory,
});

/** What the directories provider reports for three directories, one of them unreachable. */
const found = {
  checks: [
    check('ad.ldaps', 'pass', contoso),
    check('ad.user-readiness', 'fail', contoso),
    check('ad.connection', 'unknown', fabrikam),
  ],
  blockers: [
    user('ann', 'DC=contoso,DC=test', contoso),
    user('bob', 'DC=emea,DC=contoso,DC=test', emea),
  ],
  facts: {
    directories: [
      {
        ...contoso,
        dc: 'ldaps://dc1.contoso.test',
        readiness: {
          usersScanned: 10,
          blockedUsers: 2,
          warnedUsers: 1,
          usersByReason: { 'deny-ace': 2, 'locked-out': 1 },
        },
      },
      { ...fabrikam, dc: 'ldaps://dc1.fabrikam.test' },
    ],
    readiness: { usersScanned: 10, usersByReason: { 'deny-ace': 2, 'locked-out': 1 } },
    warnings: [user('carl', 'DC=contoso,DC=test', contoso, 'locked-out')],
  },
  exitCode: ExitCode.connect,
};
const provider: AssessProvider = {
  name: 'ad',
  title: 'Active Directory',
  assess: () => Promise.resolve(found),
};
const entra: AssessProvider = {
  name: 'entra',
  title: 'Entra ID',
  assess: () => Promise.resolve({ checks: [check('entra.licence', 'pass')], blockers: [] }),
};

describe('a report over several directories', () => {
  it("finds a user's domain from the DC= RDNs its DN ends with", () => {
    expect(domainDnsNameOfDn('CN=Ann\\, Smith,OU=Staff,DC=EMEA,DC=contoso,DC=com')).toBe(
      'emea.contoso.com',
    );
    expect(domainDnsNameOfDn('CN=Ann,OU=Staff')).toBeUndefined();
  });

  it("sums up each directory and the whole, and keeps the provider's exit code", async () => {
    const report = await runAssessment([entra, provider], () => new Date(0));
    expect(report.exitCode).toBe(ExitCode.connect);
    expect(report.summary!.directories).toEqual([
      {
        ...contoso,
        dc: 'ldaps://dc1.contoso.test',
        checks: { pass: 1, warn: 0, fail: 1, unknown: 0 },
        usersScanned: 10,
        blockedUsers: 2,
        warnedUsers: 1,
        usersByReason: { 'deny-ace': 2, 'locked-out': 1 },
      },
      {
        ...fabrikam,
        dc: 'ldaps://dc1.fabrikam.test',
        checks: { pass: 0, warn: 0, fail: 0, unknown: 1 },
        usersScanned: undefined,
        blockedUsers: 0,
        warnedUsers: 0,
        usersByReason: {},
      },
    ]);
    expect(report.summary!.whole).toEqual({
      checks: { pass: 2, warn: 0, fail: 1, unknown: 1 },
      usersScanned: 10,
      blockedUsers: 2,
      warnedUsers: 1,
      usersByReason: { 'deny-ace': 2, 'locked-out': 1 },
    });
  });

  it('adds nothing to a one-directory report', async () => {
    const one: AssessProvider = {
      name: 'ad',
      title: 'Active Directory',
      assess: () =>
        Promise.resolve({
          checks: [check('ad.ldaps', 'pass')],
          blockers: [],
          facts: { readiness: {} },
        }),
    };
    const report = await runAssessment([entra, one], () => new Date(0));
    expect(Object.keys(report).sort()).toEqual([
      'blockers',
      'checks',
      'exitCode',
      'facts',
      'generatedAt',
    ]);
    expect(assessSummary(report.checks, report.blockers, report.facts)).toBeUndefined();
    expect(reportCsv(report.blockers).split('\r\n')[0]).toBe(
      '\uFEFFseverity,sAMAccountName,dn,code,message,fix',
    );
    const html = reportHtml(reportModel(report));
    expect(html).not.toContain('<h2>Directories</h2>');
    expect(html).not.toContain('id="directory"');
  });

  it("the CSV names each row's domain; the HTML groups by directory and filters by it", async () => {
    const report = await runAssessment([entra, provider], () => new Date(0));
    const model = reportModel(report);
    const csv = reportCsv(model.blockers, model.warnings).split('\r\n');
    expect(csv[0]).toBe('\uFEFFseverity,domain,sAMAccountName,dn,code,message,fix');
    expect(csv.slice(1, 4).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      'blocker,contoso.test,ann',
      'blocker,emea.contoso.test,bob',
      'warning,contoso.test,carl',
    ]);
    const dom = new JSDOM(reportHtml(model), { runScripts: 'dangerously' });
    const doc = dom.window.document;
    expect([...doc.querySelectorAll('h2')].map((h) => h.textContent)).toEqual([
      'Summary',
      'Directories',
      'Checks',
      'Users',
    ]);
    const cells = (selector: string) =>
      [...doc.querySelectorAll(selector)].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent),
      );
    expect(cells('table.directories tbody tr')).toEqual([
      ['contoso.test', 'contoso.test', 'ldaps://dc1.contoso.test', '10', '2', '1', '1', '0'],
      [
        'fabrikam.test',
        'fabrikam.test',
        'ldaps://dc1.fabrikam.test',
        'not read',
        '0',
        '0',
        '0',
        '1',
      ],
    ]);
    expect(cells('table.checks tbody tr').map((r) => r[1])).toEqual([
      'all',
      'contoso.test',
      'contoso.test',
      'fabrikam.test',
    ]);
    const directory = doc.getElementById('directory') as HTMLSelectElement;
    directory.value = 'emea.contoso.test';
    directory.dispatchEvent(new dom.window.Event('change'));
    expect(cells('#rows tr').map((r) => [r[1], r[2]])).toEqual([
      ['emea.contoso.test', 'bobCN=bob,OU=Staff,DC=emea,DC=contoso,DC=test'],
    ]);
  });
});
