/**
 * A report written by `writeback assess` says what it is of (domain, DC, connector, who, which
 * tool), from the assessment's own facts, for one directory and for several; the HTML shows it.
 */
import { describe, expect, it } from 'vitest';
import { assessmentContext } from '../../../main/report/assessment-context';
import { reportHtml } from '../../../main/report/report-html';
import { reportModel } from '../../../main/report/report-model';

const run = { operator: 'alice@jump01', tool: 'Writeback Wizard 0.1.0 (command line)' };

describe('assessmentContext', () => {
  it('names the domain, DC and connector of a one-directory run', () => {
    const report = {
      generatedAt: '2026-11-28T10:00:00.000Z',
      checks: [],
      blockers: [],
      facts: {
        ad: {
          connector: {
            dn: 'CN=MSOL_0123456789ab,CN=Users,DC=contoso,DC=com',
            sAMAccountName: 'MSOL_0123456789ab',
          },
        },
      },
    };
    const context = assessmentContext(report, { ...run, dc: 'ldaps://dc1.contoso.com' });
    expect(context).toMatchObject({
      assessedAt: '2026-11-28T10:00:00.000Z',
      domain: 'contoso.com',
      dc: 'ldaps://dc1.contoso.com',
      connector: 'MSOL_0123456789ab (contoso.com)',
      operator: 'alice@jump01',
      changesSince: [],
    });
    const html = reportHtml(reportModel(report, context));
    for (const text of [
      'contoso.com',
      'ldaps://dc1.contoso.com',
      'MSOL_0123456789ab',
      'alice@jump01',
    ])
      expect(html).toContain(text);
  });

  it('names every directory of a run over several', () => {
    const context = assessmentContext(
      {
        generatedAt: '2026-11-28T10:00:00.000Z',
        facts: {
          ad: {
            directories: [
              {
                forest: 'contoso.com',
                domain: 'contoso.com',
                dc: 'ldaps://dc1.contoso.com',
                connector: { dn: 'CN=MSOL_a,CN=Users,DC=contoso,DC=com', sAMAccountName: 'MSOL_a' },
              },
              { forest: 'fabrikam.net', domain: 'fabrikam.net', dc: 'ldaps://dc1.fabrikam.net' },
            ],
          },
        },
      },
      run,
    );
    expect(context).toMatchObject({
      domain: 'contoso.com, fabrikam.net',
      dc: 'ldaps://dc1.contoso.com, ldaps://dc1.fabrikam.net',
      connector: 'MSOL_a (contoso.com)',
    });
  });

  it('leaves out what the assessment did not learn (no AD side)', () => {
    const context = assessmentContext({ generatedAt: '2026-11-28T10:00:00.000Z', facts: {} }, run);
    expect(context).not.toHaveProperty('domain');
    expect(context).not.toHaveProperty('dc');
    expect(context).not.toHaveProperty('connector');
  });
});
