/**
 * The diff components on real data: a DACL change built with the SD kernel from SDDL, shown as
 * ADUC rows with added rows marked in words (not colour alone) and the connector named; the
 * SDDL a click away; a SYSVOL file as a unified diff; an attribute as before → after.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fromSddl, serializeSecurityDescriptor } from '../../shared/sd';
import type { Operation, SecurityDescriptorOperation } from '../../shared/plan';
import { PrincipalNames } from '../../renderer/src/components/diff/principal-names';
import { OperationView } from '../../renderer/src/components/diff/operation-view';

const domainSid = 'S-1-5-21-1004336348-1177238915-682003330';
const connectorSid = `${domainSid}-1105`;
const base64 = (sddl: string) =>
  Buffer.from(serializeSecurityDescriptor(fromSddl(sddl, domainSid))).toString('base64');
const before = 'D:(A;;RPLCLORC;;;AU)';
const after = `D:(A;;RPLCLORC;;;AU)(OA;CIIO;CR;00299570-246d-11d0-a768-00aa006e0529;bf967aba-0de6-11d0-a285-00aa003049e2;${connectorSid})`;
const hex = '0'.repeat(64);

const grant: SecurityDescriptorOperation = {
  kind: 'security-descriptor',
  step: 'permissions',
  summary: 'Grant CONTOSO\\MSOL_1: Reset password on descendant User objects',
  optIn: false,
  equivalentCommand: 'dsacls "DC=contoso,DC=com" /I:S /G "CONTOSO\\MSOL_1:CA;Reset Password;user"',
  fingerprint: hex,
  afterFingerprint: hex,
  target: 'DC=contoso,DC=com',
  domainSid,
  before: { base64: base64(before), sddl: before },
  after: { base64: base64(after), sddl: after },
};

describe('a DACL change', () => {
  it('is ADUC rows, the added one marked in words, the connector named', async () => {
    render(
      <PrincipalNames.Provider value={{ [connectorSid]: 'CONTOSO\\MSOL_1' }}>
        <OperationView operation={grant} index={0} />
      </PrincipalNames.Provider>,
    );
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const cells = within(rows[0]!)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      '+Added',
      'Allow',
      'CONTOSO\\MSOL_1',
      'Reset password',
      'Descendant User objects',
      'Explicit',
    ]);
    expect(screen.getByText('DC=contoso,DC=com')).toBeTruthy();
    const sddl = screen.getByText('SDDL before and after');
    expect(sddl.closest('details')?.open).toBe(false);
    await userEvent.click(sddl);
    expect(sddl.closest('details')?.open).toBe(true);
    expect(screen.getByText(after)).toBeTruthy();
    expect(screen.getByText(grant.equivalentCommand!)).toBeTruthy();
  });

  it('without the name, shows the SID rather than guessing', () => {
    render(<OperationView operation={grant} index={0} />);
    expect(screen.getByText(connectorSid)).toBeTruthy();
  });
});

describe('a file and an attribute', () => {
  it('a GptTmpl.inf change is a unified diff with - and + lines', () => {
    const file: Operation = {
      kind: 'file',
      step: 'min-password-age',
      summary: 'Minimum password age 1 → 0',
      optIn: false,
      fingerprint: hex,
      afterFingerprint: hex,
      target: '/sysvol/Policies/{X}/MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf',
      before: {
        base64: '',
        text: '[System Access]\r\nMinimumPasswordAge = 1\r\nMaximumPasswordAge = 42\r\n',
      },
      after: {
        base64: '',
        text: '[System Access]\r\nMinimumPasswordAge = 0\r\nMaximumPasswordAge = 42\r\n',
      },
    };
    const { container } = render(<OperationView operation={file} index={0} />);
    expect([...container.querySelectorAll('.removed')].map((e) => e.textContent)).toEqual([
      '-MinimumPasswordAge = 1',
    ]);
    expect([...container.querySelectorAll('.added')].map((e) => e.textContent)).toEqual([
      '+MinimumPasswordAge = 0',
    ]);
  });

  it('an attribute is before → after', () => {
    const attribute: Operation = {
      kind: 'attribute',
      step: 'min-password-age',
      summary: 'minPwdAge of the domain 1 day → 0',
      optIn: false,
      fingerprint: hex,
      afterFingerprint: hex,
      target: 'DC=contoso,DC=com',
      attribute: 'minPwdAge',
      before: ['-864000000000'],
      after: ['0'],
    };
    render(<OperationView operation={attribute} index={0} />);
    const cells = screen.getAllByRole('cell').map((c) => c.textContent);
    // An interval in days, the raw value beside it.
    expect(cells).toEqual(['minPwdAge', '1 day (-864000000000)', 'none (0)']);
  });
});
