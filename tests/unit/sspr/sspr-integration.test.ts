/** SSPR on-premises integration: the portal guide per cloud and the recorded confirmation. */
import { appendFileSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { nationalClouds } from '../../../main/entra/national-clouds';
import {
  confirmationsFile,
  readSsprConfirmations,
  recordSsprConfirmation,
} from '../../../main/steps/sspr-integration/confirmation';
import { ssprIntegrationGuide } from '../../../main/steps/sspr-integration/guide';
import { writeback, processTestTimeoutMs } from '../../support/writeback-cli';

// This file starts the CLI as a process: a loaded machine must not fail it.
vi.setConfig({ testTimeout: processTestTimeoutMs });

describe('the SSPR on-premises integration guide', () => {
  it('deep-links to the On-premises integration page of each cloud’s own portal', () => {
    expect(ssprIntegrationGuide(nationalClouds.global).deepLink).toBe(
      'https://entra.microsoft.com/#view/Microsoft_AAD_IAM/PasswordResetMenuBlade/~/OnPremisesIntegration',
    );
    expect(new URL(ssprIntegrationGuide(nationalClouds.usgov).deepLink).host).toBe(
      'portal.azure.us',
    );
    expect(new URL(ssprIntegrationGuide(nationalClouds.china).deepLink).host).toBe(
      'portal.azure.cn',
    );
  });

  it('names the required setting and marks the unlock setting optional', () => {
    const { settings } = ssprIntegrationGuide(nationalClouds.global);
    expect(settings.filter((s) => !s.optional).map((s) => s.setting)).toEqual([
      'Write back passwords to your on-premises directory',
    ]);
    expect(settings.find((s) => s.optional)?.setting).toMatch(/unlock accounts/);
  });
});

describe('the recorded confirmation', () => {
  it('appends who, when and what, readable back; the file is private to the user', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sspr-'));
    expect(await readSsprConfirmations(folder)).toEqual([]);
    recordSsprConfirmation(folder, {
      cloud: 'global',
      tenant: 'contoso.com',
      settings: ['Write back passwords to your on-premises directory'],
    });
    recordSsprConfirmation(folder, { cloud: 'usgov', settings: [] });
    const read = await readSsprConfirmations(folder);
    expect(read.map((c) => [c.cloud, c.tenant])).toEqual([
      ['global', 'contoso.com'],
      ['usgov', undefined],
    ]);
    expect(read[0]!.host).not.toBe('');
    expect(statSync(confirmationsFile(folder)).mode & 0o077).toBe(0);
  });

  it('a line edited into something else is named with its line number, not skipped', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sspr-'));
    recordSsprConfirmation(folder, { cloud: 'global', settings: [] });
    appendFileSync(
      confirmationsFile(folder),
      '{"type":"sspr-integration-confirmed","at":"yesterday"}\n',
    );
    await expect(readSsprConfirmations(folder)).rejects.toMatchObject({
      code: 'sspr-confirmation-corrupt',
      message: expect.stringContaining('Line 2'),
    });
  });

  it('the CLI prints the guide, records with --confirm, and reports the last confirmation', () => {
    const folder = mkdtempSync(join(tmpdir(), 'wb-sspr-'));
    const before = writeback(['sspr-integration', '--journal-dir', folder]);
    expect(before.status).toBe(0);
    expect(before.stdout).toContain('PasswordResetMenuBlade/~/OnPremisesIntegration');
    expect(before.stdout).toContain('Not confirmed yet');
    const confirmed = writeback([
      'sspr-integration',
      '--journal-dir',
      folder,
      '--confirm',
      '--tenant',
      'contoso.com',
    ]);
    expect(confirmed.status).toBe(0);
    expect(confirmed.stdout).toContain('Recorded your confirmation');
    const json = writeback(['sspr-integration', '--journal-dir', folder, '--json']);
    const parsed = JSON.parse(json.stdout) as { confirmations: { tenant?: string }[] };
    expect(parsed.confirmations.map((c) => c.tenant)).toEqual(['contoso.com']);
    const wrongCloud = writeback(['sspr-integration', '--cloud', 'mars']);
    expect(wrongCloud.status).toBe(2);
    expect(wrongCloud.stderr).toMatch(/mars/);
  });
});
