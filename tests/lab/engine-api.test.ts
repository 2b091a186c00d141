/**
 * The desktop app's engine API against the lab DC, through dispatch exactly as the Electron
 * shell and the dev bridge call it: connect (bad input, wrong password, then right), connector,
 * prerequisites, the Permissions plan, an apply refused until the confirmed targets are the
 * plan's, the DC then letting the connector write lockoutTime and pwdLastSet, the run listed,
 * rollback byte for byte, the assessment's rows in windows, and no secret in any result.
 * The domain root's DACL is restored in afterAll whatever happens.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpcResult, MadePlan, ProgressEvent } from '../../shared/ipc';
import { dispatch } from '../../main/engine-api/dispatch';
import { EngineSession, type EngineHost } from '../../main/engine-api/session';
import { PowerShellRunner, type SpawnResult } from '../../main/adsync/powershell-runner';
import { readLab, type LabInfo } from './lab-env';
import { tryAsConnector } from './oracle/connector-tries';
import { bindLab, readDacl, restoreRootDacl } from './oracle/sd-ldap';

const lab: LabInfo = readLab();
const work = mkdtempSync(join(tmpdir(), 'wb-engine-api-'));
const events: ProgressEvent[] = [];
const opened: string[] = [];
const host: { -readonly [K in keyof EngineHost]: EngineHost[K] } = {
  kind: 'dev-bridge',
  version: 'test',
  journalFolder: join(work, 'journals'),
  openExternal: async (url) => void opened.push(url),
  saveFile: async (name, content) => {
    const path = join(work, name);
    writeFileSync(path, content);
    return path;
  },
  emit: (event) => void events.push(event),
};
/**
 * A Windows jump box's PowerShell, answering as the Connect server aadc01 would over remoting:
 * the ADSync state shaped exactly like the cmdlets' JSON, and its Password writeback switch.
 */
const connectServer = { writeback: false, scripts: [] as string[], locations: [] as string[] };
const adsyncState = JSON.parse(
  readFileSync(new URL('../unit/adsync/fixtures/read-state.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;
const fakePowerShell = async (_command: string, args: readonly string[]): Promise<SpawnResult> => {
  const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString(
    'utf16le',
  );
  connectServer.scripts.push(script);
  if (!script.includes("Invoke-Command -ComputerName 'aadc01.contoso.test'")) {
    return { exitCode: 1, stdout: '', stderr: 'WRITEBACK-ERROR:{"message":"not remoting"}' };
  }
  const set = /Set-ADSyncAADPasswordResetConfiguration .* -Enable \$(true|false)/.exec(script);
  if (set) {
    connectServer.writeback = set[1] === 'true';
    return { exitCode: 0, stdout: '', stderr: '' };
  }
  const state = {
    ...adsyncState,
    PasswordReset: [
      {
        Connector: 'contoso.onmicrosoft.com - AAD',
        Configuration: { Enabled: connectServer.writeback },
      },
    ],
  };
  return { exitCode: 0, stdout: JSON.stringify(state), stderr: '' };
};
host.adsync = {
  defaultLocation: 'none',
  runner: (location) => {
    connectServer.locations.push(location.kind === 'remote' ? location.host : 'local');
    return new PowerShellRunner(fakePowerShell, location);
  },
};
const session = new EngineSession(host);
/** Every result the renderer would have received, to search for secrets at the end. */
const seen: string[] = [];

async function call<T>(channel: string, payload: unknown = {}): Promise<IpcResult<T>> {
  const result = (await dispatch(session, channel, payload)) as IpcResult<T>;
  seen.push(JSON.stringify(result));
  return result;
}

async function value<T>(channel: string, payload: unknown = {}): Promise<T> {
  const result = await call<T>(channel, payload);
  if (!result.ok) throw new Error(`${channel}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const goodConnect = {
  url: lab.url,
  bindUser: lab.admin.userPrincipalName,
  password: lab.admin.password,
  caPem: lab.caPem,
};

let admin: Client;
let connector: Client;
let originalRoot: Buffer;
const user = lab.scenarios.ordinaryUsers[0]!;

beforeAll(async () => {
  admin = await bindLab(lab, lab.admin.dn, lab.admin.password);
  connector = await bindLab(lab, lab.connector.dn, lab.connector.password);
  originalRoot = await readDacl(admin, lab.baseDn);
});

afterAll(async () => {
  await session.disconnect();
  await restoreRootDacl(lab, originalRoot);
  await connector?.unbind().catch(() => undefined);
  await admin?.unbind().catch(() => undefined);
});

describe('engine API on the lab', () => {
  it('refuses bad input and a wrong password with errors that say what to do, echoing no secret', async () => {
    const bad = await call('directory.connect', { ...goodConnect, url: 'http://dc1' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'ipc-bad-input' } });
    const extra = await call('directory.connect', { ...goodConnect, token: 'x' });
    expect(extra).toMatchObject({ ok: false, error: { code: 'ipc-bad-input' } });
    const unknown = await call('directory.delete', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'ipc-unknown-channel' } });
    const wrong = await call('directory.connect', {
      ...goodConnect,
      password: 'Not-The-Password-1',
    });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) {
      expect(wrong.error.fix).not.toBe('');
      expect(JSON.stringify(wrong)).not.toContain('Not-The-Password-1');
    }
    const notConnected = await call('plan.make', { steps: ['permissions'] });
    expect(notConnected).toMatchObject({ ok: false, error: { code: 'not-connected' } });
  });

  it('connects, finds the connector and checks prerequisites', async () => {
    const connected = await value<{ defaultNamingContext: string; domains: unknown[] }>(
      'directory.connect',
      goodConnect,
    );
    expect(connected.defaultNamingContext.toLowerCase()).toBe(lab.baseDn.toLowerCase());
    expect(connected.domains).toHaveLength(1);
    const choice = await value<{ chosen?: string; accounts: { dn: string }[] }>(
      'directory.connectors',
    );
    expect(choice.accounts.length).toBeGreaterThanOrEqual(2); // the live one and the stale one
    expect(choice.chosen?.toLowerCase()).toBe(lab.connector.dn.toLowerCase());
    const notListed = await call('directory.chooseConnector', { dn: lab.admin.dn });
    expect(notListed).toMatchObject({ ok: false, error: { code: 'connector-unknown' } });
    const checks = await value<{ id: string; status: string }[]>('prerequisites.check');
    expect(checks.find((c) => c.id === 'ad.connector-account')?.status).toBe('pass');
    expect(checks.find((c) => c.id === 'ad.ldaps')?.status).toBe('pass');
  });

  it('plans the grant, applies only what was confirmed, the DC then allows it, rollback restores it', async () => {
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
    const made = await value<MadePlan>('plan.make', { steps: ['permissions'] });
    expect(made.plan.operations.length).toBeGreaterThan(0);
    expect(made.targets).toContain(lab.baseDn);

    const unconfirmed = await call('plan.apply', {
      planId: made.planId,
      confirmedTargets: made.targets.slice(1),
    });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'apply-not-confirmed' } });
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);

    events.length = 0;
    const applied = await value<{ applied: number; journal: string }>('plan.apply', {
      planId: made.planId,
      confirmedTargets: made.targets,
    });
    expect(applied.applied).toBe(made.plan.operations.length);
    expect(applied.journal.startsWith(host.journalFolder)).toBe(true);
    expect(events.some((e) => e.kind === 'operation' && e.phase === 'verified')).toBe(true);
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(true);
    expect(await tryAsConnector(connector, user.dn, 'pwdLastSet')).toBe(true);

    const again = await call('plan.apply', { planId: made.planId, confirmedTargets: made.targets });
    expect(again).toMatchObject({ ok: false, error: { code: 'plan-unknown' } });

    const runs = await value<{ journal: string; complete: boolean }[]>('journal.list');
    expect(runs).toMatchObject([{ journal: applied.journal, complete: true }]);

    const outside = await call('journal.rollback', { journal: join(work, 'elsewhere.jsonl') });
    expect(outside).toMatchObject({ ok: false, error: { code: 'journal-outside' } });
    const rolledBack = await value<{ restored: number }>('journal.rollback', {
      journal: applied.journal,
    });
    expect(rolledBack.restored).toBe(made.plan.operations.length);
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);
    expect(await tryAsConnector(connector, user.dn, 'lockoutTime')).toBe(false);
  });

  it('assesses with progress, serves the verdicts in filtered windows and saves the report', async () => {
    events.length = 0;
    const summary = await value<{
      usersScanned: number;
      blockedUsers: number;
      causes: { code: string; severity: string; users: number }[];
    }>('assess.run');
    expect(summary.usersScanned).toBeGreaterThanOrEqual(lab.scenarios.bulkCount);
    expect(summary.blockedUsers).toBeGreaterThan(0);
    expect(summary.causes.find((c) => c.code === 'inheritance-disabled')?.users).toBeGreaterThan(0);
    expect(summary.causes[0]?.severity).toBe('blocker');
    const page = await value<{ total: number; rows: { dn: string }[] }>('assess.rows', {
      offset: 0,
      limit: 50,
      severity: 'blocker',
    });
    expect(page.total).toBe(summary.blockedUsers);
    expect(page.rows.length).toBe(Math.min(50, summary.blockedUsers));
    const one = await value<{ total: number; rows: { sAMAccountName: string }[] }>('assess.rows', {
      offset: 0,
      limit: 10,
      filter: user.sAMAccountName,
    });
    expect(one.rows.map((r) => r.sAMAccountName)).toContain(user.sAMAccountName);
    expect(one.total).toBeLessThan(page.total);
    const tooMany = await call('assess.rows', { offset: 0, limit: 100_000 });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'ipc-bad-input' } });
    const saved = await value<{ path: string }>('report.save', { format: 'html' });
    expect(readFileSync(saved.path, 'utf8')).toContain(user.sAMAccountName);
  });

  it('assesses against a plan: the after-plan view is what assess says once the plan is applied', async () => {
    type Row = { dn: string; reasons: { code: string }[] };
    const access = new Set([
      'inheritance-disabled',
      'inheritance-disabled-above',
      'protected-account',
      'stale-admin-count-inheritance',
      'deny-ace',
      'missing-grant',
    ]);
    const blockedByAccess = async (
      view: 'today' | 'after-plan',
    ): Promise<Map<string, string[]>> => {
      const page = await value<{ rows: Row[] }>('assess.rows', {
        offset: 0,
        limit: 1000,
        severity: 'blocker',
        view,
      });
      return new Map(
        page.rows
          .map((r): [string, string[]] => [
            r.dn,
            r.reasons.map((x) => x.code).filter((c) => access.has(c)),
          ])
          .filter(([, codes]) => codes.length > 0),
      );
    };
    const made = await value<MadePlan>('plan.make', { steps: ['permissions'] });
    const summary = await value<{
      blockedUsers: number;
      afterPlan?: {
        planId: string;
        blockedUsers: number;
        causes: { code: string; users: number }[];
      };
    }>('assess.run', { planId: made.planId });
    expect(summary.afterPlan!.blockedUsers).toBeLessThanOrEqual(summary.blockedUsers);
    const today = await blockedByAccess('today');
    const projected = await blockedByAccess('after-plan');
    // The ordinary user is blocked today (no grant) and not once the plan is applied.
    expect(today.get(user.dn)).toEqual(['missing-grant']);
    expect(projected.has(user.dn)).toBe(false);
    expect(projected.get(lab.scenarios.inheritanceDisabledUser.dn)).toEqual([
      'inheritance-disabled',
    ]);
    expect(summary.afterPlan!.causes.find((c) => c.code === 'missing-grant')).toBeUndefined();

    const applied = await value<{ journal: string }>('plan.apply', {
      planId: made.planId,
      confirmedTargets: made.targets,
    });
    try {
      await value('assess.run');
      // Once written, assess agrees with the projection, except for the protected accounts whose
      // DACL still inherits (Administrator, krbtgt: Samba runs no SDProp): the grant reaches
      // them today, and the projection already says SDProp will stamp AdminSDHolder on them.
      const written = await blockedByAccess('today');
      const sdPropPending = [...projected.keys()].filter((dn) => !written.has(dn));
      expect(sdPropPending.sort()).toEqual(
        [`CN=Administrator,CN=Users,${lab.baseDn}`, `CN=krbtgt,CN=Users,${lab.baseDn}`].sort(),
      );
      for (const dn of sdPropPending) expect(projected.get(dn)).toEqual(['protected-account']);
      expect(written).toEqual(
        new Map([...projected].filter(([dn]) => !sdPropPending.includes(dn))),
      );
    } finally {
      await value('journal.rollback', { journal: applied.journal });
    }
    expect((await readDacl(admin, lab.baseDn)).equals(originalRoot)).toBe(true);
    const stale = await call('assess.rows', { offset: 0, limit: 1, view: 'after-plan' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'view-not-projected' } });
  });

  it('cancels a running assessment at the admin’s word, keeping the previous results', async () => {
    const before = await value<{ total: number }>('assess.rows', { offset: 0, limit: 1 });
    // The call takes the session's long-call slot before its first await, so the cancel that
    // follows always lands on it, however small the lab is.
    const running = call('assess.run');
    const busy = await call('plan.make', { steps: ['permissions'] });
    expect(busy).toMatchObject({ ok: false, error: { code: 'busy' } });
    await value('assess.cancel');
    expect(await running).toMatchObject({ ok: false, error: { code: 'assess-cancelled' } });
    const after = await value<{ total: number }>('assess.rows', { offset: 0, limit: 1 });
    expect(after.total).toBe(before.total);
  });

  it('opens only Microsoft sign-in and portal pages, records the SSPR confirmation', async () => {
    const evil = await call('external.open', {
      url: 'https://login.microsoftonline.com.evil.example/',
    });
    expect(evil).toMatchObject({ ok: false, error: { code: 'link-refused' } });
    const plain = await call('external.open', { url: 'http://entra.microsoft.com/' });
    expect(plain).toMatchObject({ ok: false, error: { code: 'link-refused' } });
    const guide = await value<{ deepLink: string; lastConfirmation?: unknown }>('sspr.guide');
    expect(guide.lastConfirmation).toBeUndefined();
    await value('external.open', { url: guide.deepLink });
    expect(opened).toEqual([guide.deepLink]);
    const confirmed = await value<{ lastConfirmation?: { tenant?: string } }>('sspr.confirm', {
      tenant: 'contoso.test',
    });
    expect(confirmed.lastConfirmation?.tenant).toBe('contoso.test');
  });

  it('from a jump box, reads Optional features on the Connect server it is given, and applies and rolls back there', async () => {
    expect((await value<{ adsync: string }>('app.info')).adsync).toBe('remote');
    // No server named yet: the step says none was reached, and gives the commands.
    const unnamed = await value<MadePlan>('plan.make', { steps: ['optional-features'] });
    expect(unnamed.plan.operations).toEqual([]);
    expect(unnamed.plan.notes[0]!.message).toMatch(/No AD Connect server is reachable/);
    expect(connectServer.scripts).toEqual([]);
    // A name that is not a host name never reaches PowerShell.
    const bad = await call('plan.make', {
      steps: ['optional-features'],
      connectServer: "aadc01'; Remove-ADSyncConnector x",
    });
    expect(bad).toMatchObject({ ok: false });
    expect(connectServer.scripts).toEqual([]);

    const made = await value<MadePlan>('plan.make', {
      steps: ['optional-features'],
      connectServer: 'aadc01.contoso.test',
    });
    expect(made.plan.operations).toMatchObject([
      {
        target: 'PasswordWriteback',
        adsync: 'remote:aadc01.contoso.test',
        after: { enabled: true },
      },
    ]);
    const applied = await value<{ applied: number; journal: string }>('plan.apply', {
      planId: made.planId,
      confirmedTargets: made.targets,
    });
    expect(applied.applied).toBe(1);
    expect(connectServer.writeback).toBe(true);
    // Every read and write went to the server the plan names, over Invoke-Command.
    expect(new Set(connectServer.locations)).toEqual(new Set(['aadc01.contoso.test']));
    expect(connectServer.scripts.every((s) => s.includes('Invoke-Command'))).toBe(true);

    const rolledBack = await value<{ restored: number }>('journal.rollback', {
      journal: applied.journal,
    });
    expect(rolledBack.restored).toBe(1);
    expect(connectServer.writeback).toBe(false);
  });

  it('never sent the password back in any result', () => {
    expect(seen.length).toBeGreaterThan(10);
    for (const text of seen) {
      expect(text).not.toContain(lab.admin.password);
      expect(text).not.toContain(lab.connector.password);
    }
  });
});
