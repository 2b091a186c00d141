import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  connectivityChecks,
  connectivityScript,
  testWritebackConnectivity,
  writebackEndpoints,
} from '../../../main/adsync/connectivity';
import { PowerShellRunner, type SpawnResult } from '../../../main/adsync/powershell-runner';

const recorded = JSON.parse(
  readFileSync(new URL('./fixtures/test-netconnection.json', import.meta.url), 'utf8'),
) as unknown;

function runnerAnswering(json: unknown) {
  const scripts: string[] = [];
  const runner = new PowerShellRunner(
    async (_command, args): Promise<SpawnResult> => {
      scripts.push(
        Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le'),
      );
      return { exitCode: 0, stdout: JSON.stringify(json), stderr: '' };
    },
    { kind: 'local' },
  );
  return { runner, scripts };
}

describe('connectivity from the Connect server', () => {
  it("names, per cloud, the endpoints of Microsoft's page", () => {
    expect(writebackEndpoints.global.endpoints.map((e) => e.host)).toEqual([
      'passwordreset.microsoftonline.com',
      'ssprdedicatedsbprodscu.servicebus.windows.net',
      'ssprdedicatedsbprodncu.servicebus.windows.net',
    ]);
    expect(writebackEndpoints.china.endpoints.map((e) => e.host)).toEqual([
      'ssprdedicatedsbmcprodcne.servicebus.chinacloudapi.cn',
      'ssprdedicatedsbmcprodcnn.servicebus.chinacloudapi.cn',
    ]);
    expect(writebackEndpoints.usgov.wildcards.map((w) => w.pattern)).toEqual([
      '*.servicebus.usgovcloudapi.net',
    ]);
    expect(writebackEndpoints['usgov-dod']).toBe(writebackEndpoints.usgov);
  });

  it('runs one Test-NetConnection per endpoint on port 443, in one PowerShell run', () => {
    const script = connectivityScript(writebackEndpoints.global.endpoints);
    expect(script).toContain("@{ h = 'ssprdedicatedsbprodscu.servicebus.windows.net'; p = 443 }");
    expect(script).toContain('Test-NetConnection -ComputerName $_.h -Port $_.p');
  });

  it('reports each endpoint: reached, blocked by a firewall, or not resolved', async () => {
    const { runner, scripts } = runnerAnswering(recorded);
    const results = await testWritebackConnectivity(runner, 'global');
    expect(scripts).toHaveLength(1);
    const checks = connectivityChecks('global', results, 'The Connect server');
    expect(checks.map((c) => c.status)).toEqual(['pass', 'fail', 'fail']);
    expect(checks[1]!.message).toMatch(/resolves .* but cannot open TCP 443: a firewall/);
    expect(checks[2]!.message).toMatch(/cannot resolve ssprdedicatedsbprodncu/);
    expect(checks[2]!.fix).toMatch(/Allow outbound HTTPS \(TCP 443\)/);
  });

  it('says a wildcard without a host cannot be tested, rather than passing it', async () => {
    const { runner } = runnerAnswering({
      ComputerName: 'passwordreset.microsoftonline.us',
      RemotePort: 443,
      RemoteAddress: '52.227.1.1',
      NameResolutionSucceeded: true,
      TcpTestSucceeded: true,
    });
    const checks = connectivityChecks(
      'usgov',
      await testWritebackConnectivity(runner, 'usgov'),
      'x',
    );
    expect(checks.map((c) => [c.title, c.status])).toEqual([
      ['passwordreset.microsoftonline.us:443 (password reset service)', 'pass'],
      ['*.servicebus.usgovcloudapi.net (Service Bus relays)', 'unknown'],
    ]);
  });

  it('refuses output that lacks an endpoint', async () => {
    const { runner } = runnerAnswering([]);
    await expect(testWritebackConnectivity(runner, 'china')).rejects.toThrow(/no usable result/);
  });
});
