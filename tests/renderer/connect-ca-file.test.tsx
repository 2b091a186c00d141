/**
 * Connect directories: the CA a DC certificate chains to can be chosen as a file (PEM or CRT),
 * not only pasted; its text is what goes to main with the connection.
 */
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiContext } from '../../renderer/src/api';
import { App } from '../../renderer/src/app';
import { useWizard } from '../../renderer/src/store';
import { fakeApi, type FakeApi } from './fake-api';

const initial = useWizard.getState();
let api: FakeApi;
beforeEach(() => {
  useWizard.setState(initial, true);
  api = fakeApi();
});

const pem = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n';

describe('the CA certificate file', () => {
  it('is read into the CA field and sent with the connection', async () => {
    const user = userEvent.setup();
    api.answer('directory.connect', {
      ok: false,
      error: { code: 'dc-unreachable', message: 'No answer.', fix: 'Check the name.' },
    });
    useWizard.setState({ step: 'connect' });
    render(
      <ApiContext.Provider value={api}>
        <App />
      </ApiContext.Provider>,
    );
    await user.click(screen.getByText(/Certificate trust/));
    await user.upload(
      screen.getByLabelText(/CA certificate file/),
      new File([pem], 'contoso-ca.crt', { type: 'application/x-x509-ca-cert' }),
    );
    await waitFor(() =>
      expect((screen.getByLabelText(/CA certificate \(PEM\)/) as HTMLTextAreaElement).value).toBe(
        pem,
      ),
    );
    await user.clear(screen.getByLabelText(/^Domain controller/));
    await user.type(screen.getByLabelText(/^Domain controller/), 'dc1.contoso.com');
    await user.type(screen.getByLabelText(/^Account/), 'admin@contoso.com');
    await user.type(screen.getByLabelText('Password'), 'Secret-1');
    await user.click(screen.getByRole('button', { name: 'Connect' }));
    await screen.findByRole('alert');
    expect(api.calls('directory.connect').at(-1)).toMatchObject({
      url: 'ldaps://dc1.contoso.com',
      caPem: pem.trim(),
    });
  });
});
