import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { Blocker } from '../../../shared/checks';
import { csvCell, reportCsv } from '../../../main/report/report-csv';
import { escapeHtml, jsonForScript, reportHtml } from '../../../main/report/report-html';
import { reportModel } from '../../../main/report/report-model';

// jsdom ships no types here (no @types/jsdom): its constructor, typed as far as these tests use it.
const { JSDOM } = createRequire(import.meta.url)('jsdom') as {
  JSDOM: new (
    html: string,
    options: { runScripts: 'dangerously' },
  ) => { window: Window & typeof globalThis };
};

const nasty = `<script>alert("x")</script> & 'quoted' "name"`;
const blockers: Blocker[] = [
  {
    sAMAccountName: '=HYPERLINK("http://evil")',
    dn: `CN=${nasty},OU=Users,DC=contoso,DC=test`,
    reasons: [
      {
        code: 'inheritance-disabled',
        message: `Inheritance is disabled for ${nasty}`,
        fix: '+fix, with "quotes"\nand a line',
      },
    ],
  },
  {
    sAMAccountName: 'b\u00e9atrice',
    dn: 'CN=B\u00e9atrice,OU=Users,DC=contoso,DC=test',
    reasons: [
      { code: 'deny-ace', message: '-1 deny', fix: '@SUM(1)' },
      { code: 'minimum-password-age', message: 'age', fix: 'fix age' },
    ],
  },
];
const warnings: Blocker[] = [
  {
    sAMAccountName: 'carl',
    dn: 'CN=carl,DC=contoso,DC=test',
    reasons: [{ code: 'locked-out', message: 'locked', fix: 'unlock' }],
  },
];

describe('CSV', () => {
  it('is Excel-friendly: BOM, CRLF, RFC 4180 quoting, one row per reason', () => {
    const csv = reportCsv(blockers, warnings);
    expect(csv.startsWith('\uFEFFseverity,sAMAccountName,dn,code,message,fix\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(csv).toContain('"+fix, with ""quotes""\nand a line"'.replace('"+', '"\'+'));
    expect(csv).toContain('blocker,béatrice,"CN=Béatrice,OU=Users,DC=contoso,DC=test",deny-ace');
    expect(csv).toContain('warning,carl,"CN=carl,DC=contoso,DC=test",locked-out,locked,unlock');
    // 4 rows: 3 blocker reasons + 1 warning (the quoted newline is inside a cell).
    expect(csv.match(/\r\n(blocker|warning),/g)).toHaveLength(4);
  });

  it('neutralises formula injection', () => {
    for (const bad of ['=1+1', '+1', '-1', '@SUM(1)', '\tx', '\rx'])
      expect(csvCell(bad).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('plain')).toBe('plain');
    const csv = reportCsv(blockers);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(`'-1 deny,'@SUM(1)`);
  });
});

describe('HTML report', () => {
  const model = reportModel({
    generatedAt: '2026-06-01T12:00:00.000Z',
    checks: [{ id: 'ad.x', title: `Check ${nasty}`, status: 'fail', message: nasty, fix: nasty }],
    blockers,
    facts: {
      ad: {
        readiness: {
          usersScanned: 12,
          usersByReason: {
            'inheritance-disabled': 1,
            'deny-ace': 1,
            'minimum-password-age': 1,
            'locked-out': 1,
          },
        },
        warnings,
      },
    },
  });
  const html = reportHtml(model);

  it('escapes everything and carries no external asset', () => {
    expect(escapeHtml(nasty)).not.toMatch(/[<>"']/);
    expect(jsonForScript({ a: '</script><b>' })).not.toContain('<');
    expect(html.match(/<script/g)).toHaveLength(2); // the data element and the table script, nothing injected
    expect(html).not.toContain('<script>alert');
    expect(html).not.toMatch(/\b(src|href)=/);
    expect(html).not.toMatch(/https?:\/\/(?!evil)/);
  });

  it('says what it is a report of, when, by whom, against what, and what changed since', () => {
    const withContext = reportHtml(
      reportModel(
        { generatedAt: '2026-06-01T12:00:00.000Z', checks: [], blockers: [], facts: {} },
        {
          subject: 'Read-only assessment of password writeback readiness',
          assessedAt: '2026-06-01T12:00:00.000Z',
          savedAt: '2026-06-01T12:30:00.000Z',
          domain: 'contoso.com',
          dc: `dc1.contoso.com (ldaps://dc1.contoso.com) ${nasty}`,
          connector: 'CONTOSO\\MSOL_0a1b2c3d4e5f',
          operator: 'ada@jump01',
          tool: 'Writeback Wizard 0.1.0 (desktop app)',
          changesSince: [
            {
              at: '2026-06-01T12:10:00.000Z',
              steps: ['permissions'],
              operations: 1,
              journal: '/j/run-1.jsonl',
              rolledBack: true,
            },
          ],
        },
      ),
    );
    expect(withContext).toContain('<dt>Domain</dt><dd>contoso.com</dd>');
    expect(withContext).toContain('<dt>By</dt><dd>ada@jump01</dd>');
    expect(withContext).toContain('Writeback Wizard 0.1.0 (desktop app)');
    expect(withContext).toMatch(
      /<dt>Changed since<\/dt><dd>2026-06-01T12:10:00.000Z: permissions, 1 change, since rolled back \(journal \/j\/run-1.jsonl\)\. This report shows the domain as it was before these changes/,
    );
    expect(withContext).not.toContain('<script>alert');
  });

  it('shows the summary, the checks and a working sortable, filterable table', async () => {
    const dom = new JSDOM(html, { runScripts: 'dangerously' });
    const doc = dom.window.document;
    const headings = [...doc.querySelectorAll('h2')].map((h) => h.textContent);
    expect(headings).toEqual(['Summary', 'Checks', 'Users']);
    expect(doc.querySelectorAll('svg rect')).toHaveLength(4);
    expect(doc.querySelector('table.checks td:nth-child(3)')!.textContent).toBe(nasty);
    const rows = (): string[][] =>
      [...doc.querySelectorAll('#rows tr')].map((tr) =>
        [...tr.querySelectorAll('td')].map((td) => td.textContent ?? ''),
      );
    expect(rows()).toHaveLength(4);
    expect(rows().some((r) => r[1]!.includes(nasty))).toBe(true);
    const q = doc.getElementById('q') as HTMLInputElement;
    q.value = 'carl';
    q.dispatchEvent(new dom.window.Event('input'));
    expect(rows().map((r) => r[2])).toEqual(['locked-out']);
    q.value = '';
    q.dispatchEvent(new dom.window.Event('input'));
    const cause = doc.getElementById('cause') as HTMLSelectElement;
    cause.value = 'deny-ace';
    cause.dispatchEvent(new dom.window.Event('change'));
    expect(rows().map((r) => r[2])).toEqual(['deny-ace']);
    cause.value = '';
    cause.dispatchEvent(new dom.window.Event('change'));
    (doc.querySelector('th[data-key="code"]') as HTMLElement).click();
    expect(rows().map((r) => r[2])).toEqual([
      'deny-ace',
      'inheritance-disabled',
      'locked-out',
      'minimum-password-age',
    ]);
    (doc.querySelector('th[data-key="code"]') as HTMLElement).click();
    expect(rows()[0]![2]).toBe('minimum-password-age');
  });

  it('paginates 12,000 users: one page in the DOM', () => {
    const big = Array.from({ length: 12_000 }, (_, i) => ({
      sAMAccountName: `u${i}`,
      dn: `CN=u${i},DC=x`,
      reasons: [{ code: 'missing-grant', message: 'm', fix: 'f' }],
    }));
    const dom = new JSDOM(
      reportHtml(reportModel({ generatedAt: 'now', checks: [], blockers: big, facts: {} })),
      { runScripts: 'dangerously' },
    );
    const doc = dom.window.document;
    expect(doc.querySelectorAll('#rows tr')).toHaveLength(100);
    expect(doc.getElementById('info')!.textContent).toContain(
      '12,000 of 12,000 rows, page 1 of 120',
    );
    (doc.getElementById('next') as HTMLElement).click();
    expect(doc.querySelector('#rows tr td:nth-child(2)')!.textContent).toMatch(/^u/);
    expect(doc.getElementById('info')!.textContent).toContain('page 2 of 120');
  });
});
