/**
 * A double of Entra ID + Entra Connect's password writeback, for the tests only. Its Graph side
 * (msw handlers) answers the user lookup, `/me`, `resetPassword` (202 + Location) and the
 * long-running operation. Its on-premises side does what Connect does with a cloud reset: it
 * binds to the lab DC as the AD DS connector account over LDAPS and replaces unicodePwd with
 * LDAP_SERVER_POLICY_HINTS (1.2.840.113556.1.4.2239) when the DC offers it, so the domain's
 * minimum age and history apply as they do for writeback; then writes lockoutTime 0 (unlock)
 * as writeback does; and records the events the real service writes, shaped as Get-WinEvent
 * prints them through the tool's PowerShell runner.
 *
 * Samba 4.17 (this lab) does not offer the control: it refuses it as critical with
 * unavailableCriticalExtension and, without it, applies no minimum age to a reset. So where the
 * DC lacks it, the double applies the rule the control makes a Windows DC apply: a reset within
 * the user's minimum password age (its PSO's, else the domain's minPwdAge; none while pwdLastSet
 * is 0) is refused, read from the DC's own attributes. Every other outcome is the DC's.
 *
 * The password from the request body is used once, in the LDAP modify, and never kept, logged
 * or written.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Attribute, Change, Client, Control } from 'ldapts';
import { http, HttpResponse, type HttpHandler } from 'msw';
import type { LabInfo } from '../lab/lab-env';
import { parseGuid, parseSid } from '../../shared/sd';

export const policyHintsOid = '1.2.840.113556.1.4.2239';

/** LDAP_SERVER_POLICY_HINTS: value BER SEQUENCE { INTEGER 1 } (enforce policy on a reset). */
class PolicyHintsControl extends Control {
  constructor() {
    super(policyHintsOid, { critical: true });
  }
  override writeControl(writer: Parameters<Control['writeControl']>[0]): void {
    writer.startSequence(0x04);
    writer.startSequence();
    writer.writeInt(1);
    writer.endSequence();
    writer.endSequence();
  }
}

/** One event as the tool's Get-WinEvent script returns it (PowerShell 5.1 JSON). */
export interface RecordedEvent {
  readonly TimeCreated: string;
  readonly Id: number;
  readonly ProviderName: 'PasswordResetService' | 'ADSync';
  readonly LevelDisplayName: 'Information' | 'Error' | 'Warning';
  readonly RecordId: number;
  readonly Message: string;
}

interface Operation {
  status: 'notStarted' | 'running' | 'succeeded' | 'failed';
  statusDetail?: string;
  readonly createdDateTime: string;
  lastActionDateTime: string;
}

export interface ConnectDouble {
  readonly handlers: (origin: string) => HttpHandler[];
  readonly events: RecordedEvent[];
  /** How many resetPassword requests arrived. */
  readonly resetRequests: number;
  readonly adminId: string;
  /**
   * The passwords received, in this process's memory only (never written anywhere), so a test
   * can prove none of them appears in the tool's output, journal or reports.
   */
  readonly passwordsSeen: readonly string[];
  /**
   * Password writeback off on the Connect server, as a test sets it: Entra ID still reports
   * the reset succeeded, but nothing reaches AD and the Connect server logs nothing about it.
   */
  writebackOff: boolean;
}

/**
 * `eventsFile`: where the recorded events go after each one, for the fake powershell.exe to
 * answer Get-WinEvent with (events only: no password ever reaches it).
 */
export function connectDouble(
  lab: LabInfo,
  acceptedToken: string,
  eventsFile: string,
): ConnectDouble {
  const events: RecordedEvent[] = [];
  const operations = new Map<string, Operation>();
  const adminId = randomUUID();
  let recordId = 50_000;
  let resetRequests = 0;
  const passwordsSeen: string[] = [];
  const record = (
    id: number,
    provider: RecordedEvent['ProviderName'],
    level: RecordedEvent['LevelDisplayName'],
    message: string,
  ) => {
    events.unshift({
      TimeCreated: new Date().toISOString(),
      Id: id,
      ProviderName: provider,
      LevelDisplayName: level,
      RecordId: (recordId += 1),
      Message: message,
    });
    writeFileSync(eventsFile, JSON.stringify(events));
  };

  async function connector(): Promise<Client> {
    const client = new Client({
      url: lab.url,
      tlsOptions: { ca: [lab.caPem], servername: lab.dcHostName },
      timeout: 30_000,
    });
    await client.bind(lab.connector.dn, lab.connector.password);
    return client;
  }

  /** A user by filter under the domain, or by its objectGUID (AD's `<GUID=…>` base). */
  async function lookup(client: Client, filter: string, base = lab.baseDn) {
    const { searchEntries } = await client.search(base, {
      scope: base === lab.baseDn ? 'sub' : 'base',
      filter,
      attributes: [
        'objectGUID',
        'objectSid',
        'userPrincipalName',
        'sAMAccountName',
        'pwdLastSet',
        'msDS-ResultantPSO',
        'userAccountControl',
      ],
      explicitBufferAttributes: ['objectGUID', 'objectSid'],
    });
    return searchEntries[0];
  }

  /**
   * The minimum age (100-ns ticks) the policy hints control would make the DC apply. Read as the
   * DC knows it (an administrator's bind): a PSO is not readable by the connector account, yet
   * the DC applies it to the connector's reset all the same.
   */
  async function minimumAge(pso: string | undefined): Promise<bigint> {
    const [dn, attribute] =
      pso === undefined ? [lab.baseDn, 'minPwdAge'] : [pso, 'msDS-MinimumPasswordAge'];
    const client = new Client({
      url: lab.url,
      tlsOptions: { ca: [lab.caPem], servername: lab.dcHostName },
      timeout: 30_000,
    });
    try {
      await client.bind(lab.admin.dn, lab.admin.password);
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes: [attribute] });
      const value = searchEntries[0]?.[attribute];
      if (value === undefined) throw new Error(`the double could not read ${attribute} of ${dn}`);
      return -BigInt(String(value));
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  async function writeBack(operation: Operation, guid: string, password: string): Promise<void> {
    const client = await connector();
    const user = await lookup(client, '(objectClass=user)', `<GUID=${guid}>`);
    const upn = String(user?.['userPrincipalName'] ?? '');
    const dn = user?.dn ?? '';
    const about = `UserPrincipalName: ${upn}, OnPremisesDistinguishedName: ${dn}`;
    const tracking = `TrackingId: ${randomUUID()}`;
    record(
      31009,
      'PasswordResetService',
      'Information',
      `${tracking}, ResetUserPasswordByAdminStart, ${about}`,
    );
    try {
      const root = await client.search('', { scope: 'base', attributes: ['supportedControl'] });
      const offered = ([] as unknown[])
        .concat(root.searchEntries[0]?.['supportedControl'] ?? [])
        .map(String);
      const controls = offered.includes(policyHintsOid) ? [new PolicyHintsControl()] : [];
      if (controls.length === 0) {
        const lastSet = BigInt(String(user?.['pwdLastSet'] ?? '0'));
        const pso =
          typeof user?.['msDS-ResultantPSO'] === 'string' ? user['msDS-ResultantPSO'] : undefined;
        const age = BigInt(Date.now() + 11_644_473_600_000) * 10_000n - lastSet;
        if (lastSet !== 0n && age < (await minimumAge(pso))) {
          throw Object.assign(
            new Error(
              '0000052D: Constraint violation - check_password_restrictions: the password was changed too recently',
            ),
            { code: 19 },
          );
        }
      }
      await client.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({
            type: 'unicodePwd',
            values: [Buffer.from(`"${password}"`, 'utf16le')],
          }),
        }),
        controls,
      );
      await client.modify(
        dn,
        new Change({
          operation: 'replace',
          modification: new Attribute({ type: 'lockoutTime', values: ['0'] }),
        }),
      );
      record(
        31010,
        'PasswordResetService',
        'Information',
        `${tracking}, ResetUserPasswordByAdminSuccess, ${about}`,
      );
      Object.assign(operation, {
        status: 'succeeded',
        lastActionDateTime: new Date().toISOString(),
      });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 50) {
        record(
          33004,
          'PasswordResetService',
          'Error',
          `${tracking}, Reason: ADPermissionsError, ${about}. Access is denied.`,
        );
      } else if (code === 19) {
        record(
          6329,
          'ADSync',
          'Error',
          'BAIL: MMS(4924): ..\\ldapexport.cpp(1144): 0x80230619 (A restriction prevents the password from being changed to the current one specified.)',
        );
        record(
          33008,
          'PasswordResetService',
          'Error',
          `${tracking}, Reason: ADPasswordPolicyError, ${about}`,
        );
      } else {
        record(
          33001,
          'PasswordResetService',
          'Error',
          `${tracking}, Reason: ADUnKnownError, ${about}`,
        );
      }
      record(
        31011,
        'PasswordResetService',
        'Error',
        `${tracking}, ResetUserPasswordByAdminFail, ${about}`,
      );
      Object.assign(operation, {
        status: 'failed',
        statusDetail: 'The password could not be written back to the on-premises directory.',
        lastActionDateTime: new Date().toISOString(),
      });
    } finally {
      await client.unbind();
    }
  }

  const authorized = (request: Request) =>
    request.headers.get('authorization') === `Bearer ${acceptedToken}`;
  const unauthorized = () =>
    HttpResponse.json(
      { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } },
      { status: 401 },
    );

  const handlers = (origin: string): HttpHandler[] => {
    const base = `${origin}/v1.0`;
    return [
      http.get(`${base}/me`, ({ request }) =>
        authorized(request) ? HttpResponse.json({ id: adminId }) : unauthorized(),
      ),
      http.get(`${base}/users/:upn`, async ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const client = await connector();
        try {
          const user = await lookup(
            client,
            `(userPrincipalName=${String(params['upn']).replace(/[()*\\\0]/g, '')})`,
          );
          if (user === undefined) {
            return HttpResponse.json(
              {
                error: {
                  code: 'Request_ResourceNotFound',
                  message: `Resource '${String(params['upn'])}' does not exist.`,
                },
              },
              { status: 404 },
            );
          }
          return HttpResponse.json({
            id: parseGuid(user['objectGUID'] as Buffer),
            userPrincipalName: user['userPrincipalName'],
            onPremisesSyncEnabled: true,
            onPremisesSecurityIdentifier: parseSid(user['objectSid'] as Buffer),
            onPremisesSamAccountName: user['sAMAccountName'],
            accountEnabled: (Number(user['userAccountControl']) & 2) === 0,
          });
        } finally {
          await client.unbind();
        }
      }),
      http.post(
        `${base}/users/:id/authentication/methods/28c10230-6103-485e-b985-444c60001490/resetPassword`,
        async ({ request, params }) => {
          if (!authorized(request)) return unauthorized();
          resetRequests += 1;
          const body = (await request.json()) as { newPassword?: unknown };
          if (typeof body.newPassword !== 'string') {
            return HttpResponse.json(
              {
                error: {
                  code: 'invalidRequest',
                  message: 'newPassword is required for hybrid users.',
                },
              },
              { status: 400 },
            );
          }
          passwordsSeen.push(body.newPassword);
          const id = randomUUID();
          const now = new Date().toISOString();
          const operation: Operation = {
            status: 'running',
            createdDateTime: now,
            lastActionDateTime: now,
          };
          operations.set(id, operation);
          if (double.writebackOff) operation.status = 'succeeded';
          else void writeBack(operation, String(params['id']), body.newPassword);
          return new HttpResponse('{}', {
            status: 202,
            headers: {
              'content-type': 'application/json',
              location: `${base}/users/${String(params['id'])}/authentication/operations/${id}?aadgdc=LAB01P&aadgsu=ssprprod-a`,
            },
          });
        },
      ),
      http.get(`${base}/users/:id/authentication/operations/:operation`, ({ request, params }) => {
        if (!authorized(request)) return unauthorized();
        const operation = operations.get(String(params['operation']));
        return operation === undefined
          ? HttpResponse.json(
              { error: { code: 'Request_ResourceNotFound', message: 'No such operation.' } },
              { status: 404 },
            )
          : HttpResponse.json({ id: params['operation'], ...operation });
      }),
    ];
  };

  const double: ConnectDouble = {
    handlers,
    events,
    get resetRequests() {
      return resetRequests;
    },
    adminId,
    passwordsSeen,
    writebackOff: false,
  };
  return double;
}
