/**
 * Connection facts and seeded scenarios of the Samba AD DC lab, for tests, scripts and
 * benchmarks. `npm run lab -- up` writes them to `.lab/lab.json`; `readLab()` reads them back
 * and checks that the DC is running. Lab passwords are for the lab only: nothing in the product
 * ever defaults to them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `<repo>/.lab`: every lab file lives here (gitignored). `WRITEBACK_LAB_DIR` (an absolute path)
 * puts a second lab elsewhere, so two labs can run side by side on one machine.
 */
export const labDir = labDirectory(process.env.WRITEBACK_LAB_DIR);

function labDirectory(fromEnv: string | undefined): string {
  if (fromEnv === undefined || fromEnv === '') {
    return fileURLToPath(new URL('../../.lab/', import.meta.url)).replace(/\/$/, '');
  }
  if (!isAbsolute(fromEnv)) {
    throw new Error(`WRITEBACK_LAB_DIR must be an absolute path (it is "${fromEnv}").`);
  }
  return fromEnv.replace(/\/$/, '');
}

/**
 * The loopback address a newly provisioned lab listens on: `WRITEBACK_LAB_ADDRESS`, else
 * 127.0.0.1. Only 127.0.0.0/8 is accepted: the lab never listens on, or talks to, anything
 * outside this machine. A provisioned lab keeps the address recorded in lab.json.
 */
export function labAddressFromEnv(value = process.env.WRITEBACK_LAB_ADDRESS): string {
  if (value === undefined || value === '') return '127.0.0.1';
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (!octets || octets.slice(1).some((o) => Number(o) > 255) || value.endsWith('.255')) {
    throw new Error(
      `WRITEBACK_LAB_ADDRESS must be a loopback IPv4 address such as 127.0.0.2 (it is "${value}").`,
    );
  }
  return value;
}
/** The file `up`/`seed` write and `readLab()` reads. */
export const labJsonPath = join(labDir, 'lab.json');
/** The pid of the running `samba -i` process. */
export const labPidPath = join(labDir, 'samba.pid');

/** An account the seed created, with the password it set (lab only). */
export interface LabAccount {
  readonly dn: string;
  readonly sAMAccountName: string;
  readonly userPrincipalName: string;
  readonly password: string;
  /** objectSid in string form (S-1-5-21-…-RID). */
  readonly sid: string;
}

/** An AD DS connector account as AD Connect's express install creates it. */
export interface LabConnector extends LabAccount {
  /** AD Connect's description: installation identifier, computer and tenant. */
  readonly description: string;
  readonly installationId: string;
  readonly computerName: string;
  readonly tenant: string;
  /** false for the stale connector left from an earlier install (ACCOUNTDISABLE set). */
  readonly enabled: boolean;
}

/** A group policy object and its files in SYSVOL. */
export interface LabGpo {
  /** `{XXXXXXXX-…}` with braces, upper case, as in gPLink and the SYSVOL folder name. */
  readonly guid: string;
  /** displayName of the groupPolicyContainer. */
  readonly name: string;
  /** `CN={GUID},CN=Policies,CN=System,<baseDn>`. */
  readonly dn: string;
  /** Absolute path of `MACHINE/Microsoft/Windows NT/SecEdit/GptTmpl.inf` (UTF-16LE, BOM, CRLF). */
  readonly gptTmplPath: string;
  /** Absolute path of the GPO's `GPT.INI`. */
  readonly gptIniPath: string;
  /** MinimumPasswordAge in its GptTmpl.inf, in days. */
  readonly minAgeDays: number;
  /** Link order on the domain root (1 = highest precedence). */
  readonly linkOrder: number;
  /** GPT.INI Version= and the GPC's versionNumber (kept equal by the seed). */
  readonly version: number;
}

/** Every seeded object, named by the role it plays in the tests (docs/domain-facts.md §2). */
export interface LabScenarios {
  /** OU=Corp,<baseDn> and its children Users, Staff, Service, Restricted. */
  readonly ous: {
    readonly corp: string;
    readonly users: string;
    readonly staff: string;
    readonly service: string;
    readonly restricted: string;
  };
  /** Ordinary users (inheriting DACL, no adminCount) in OU=Users and OU=Staff. */
  readonly ordinaryUsers: readonly LabAccount[];
  /** A user whose DACL is protected (SE_DACL_PROTECTED): never receives domain-root ACEs. */
  readonly inheritanceDisabledUser: LabAccount;
  /** A Domain Admins member with adminCount=1 and AdminSDHolder's DACL, protected (SDProp's stamp). */
  readonly protectedUser: LabAccount;
  /** adminCount=1 and a protected DACL left behind, but no longer in any protected group. */
  readonly staleAdminCountUser: LabAccount;
  /** "User cannot change password": Deny Change Password ACEs for Everyone and SELF (as ADUC writes them). */
  readonly cannotChangePasswordUser: LabAccount;
  /** OU=Restricted,OU=Corp: an explicit Deny Reset password for the connector on descendant users. */
  readonly restrictedOu: string;
  /** Users inside restrictedOu. */
  readonly restrictedUsers: readonly LabAccount[];
  /** A PSO with a minimum password age, applied to psoGroup. */
  readonly pso: {
    readonly dn: string;
    readonly name: string;
    readonly minAgeDays: number;
    readonly precedence: number;
    /** DNs in msDS-PSOAppliesTo. */
    readonly appliesTo: readonly string[];
  };
  /** Members of psoGroup (their msDS-ResultantPSO is the PSO). */
  readonly psoUsers: readonly LabAccount[];
  /** The global security group the PSO applies to. */
  readonly psoGroup: { readonly dn: string; readonly sAMAccountName: string; readonly sid: string };
  /** Default Domain Policy {31B2F340-016D-11D2-945F-00C04FB984F9}, with Windows' defaults (MinimumPasswordAge = 1). */
  readonly defaultDomainPolicy: LabGpo;
  /** A second GPO linked at the domain root with link order 1 (MinimumPasswordAge = 2): it wins. */
  readonly outrankingGpo: LabGpo;
  /** The domain head's minPwdAge (negative 100-ns units), consistent with the winning GPO. */
  readonly domainMinPwdAge: string;
  /**
   * OU=Bulk,<baseDn>: scale users bulk-00001 … (enabled, inheriting DACL, no password:
   * userAccountControl NORMAL_ACCOUNT|PASSWD_NOTREQD). Tests may only rely on bulkCount.
   */
  readonly bulkOu: string;
  /** How many bulk users exist in bulkOu. */
  readonly bulkCount: number;
}

/** Everything a test needs to reach and reason about the lab. */
export interface LabInfo {
  /** `CONTOSO.TEST`, or the realm the lab was provisioned as (scripts/lab/realm.ts). */
  readonly realm: string;
  /** `ldaps://127.0.0.1:636`: the certificate's SANs are dc1.contoso.test and IP 127.0.0.1 (not localhost). */
  readonly url: string;
  /** `127.0.0.1`. */
  readonly host: string;
  /** `dc1.contoso.test`: the DC's DNS name (also in the certificate). */
  readonly dcHostName: string;
  readonly port: number;
  /** The lab CA certificate (PEM file) that signs the DC's LDAPS certificate. */
  readonly caFile: string;
  /** The same CA certificate, as PEM text (for `tlsOptions: { ca: [caPem] }`). */
  readonly caPem: string;
  /** `DC=contoso,DC=test`. */
  readonly baseDn: string;
  /** `contoso.test`. */
  readonly dnsDomain: string;
  /** `CONTOSO`. */
  readonly netbios: string;
  /** `S-1-5-21-…` of the domain. */
  readonly domainSid: string;
  /** The domain's built-in Administrator (a Domain Admins member). */
  readonly admin: LabAccount;
  /** The AD DS connector account (MSOL_ + 12 hex, enabled), with no writeback rights after seeding. */
  readonly connector: LabConnector;
  /** A second, disabled MSOL_ account left from an earlier install. */
  readonly staleConnector: LabConnector;
  /** The folder that holds `Policies` (…/state/sysvol/contoso.test). */
  readonly sysvolPath: string;
  /** The provisioned Samba folder (`.lab/dc`). */
  readonly sambaDir: string;
  /** `.lab/dc/etc/smb.conf`. */
  readonly smbConf: string;
  /** `.lab/dc/private/sam.ldb` (for `samba-tool -H` and `ldbsearch`). */
  readonly samLdb: string;
  readonly scenarios: LabScenarios;
}

/** What `.lab/lab.json` holds: LabInfo once seeded, plus bookkeeping of the lab script. */
export interface LabState extends Omit<
  LabInfo,
  'realm' | 'scenarios' | 'connector' | 'staleConnector'
> {
  /** Absent in a lab.json written before the realm was recorded (then CONTOSO.TEST). */
  readonly realm?: string;
  readonly connector?: LabConnector;
  readonly staleConnector?: LabConnector;
  readonly scenarios?: LabScenarios;
  /** Seconds each phase took the last time it ran (provision, start, seed, bulk). */
  readonly timings?: Record<string, number>;
}

/** Is the process with this pid alive? (signal 0 only checks.) */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The recorded state, or undefined when the lab was never provisioned. */
export function readLabState(dir = labDir): LabState | undefined {
  const path = join(dir, 'lab.json');
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as LabState;
}

/** The address this lab listens on: the one it was provisioned with, else the one it will get. */
export function labAddress(): string {
  return readLabState()?.host ?? labAddressFromEnv();
}

/** The pid of the running DC, or undefined when it is stopped. */
export function runningPid(dir = labDir): number | undefined {
  const path = join(dir, 'samba.pid');
  if (!existsSync(path)) return undefined;
  const pid = Number(readFileSync(path, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isPidAlive(pid) ? pid : undefined;
}

/**
 * The lab's connection facts and scenarios. Throws a clear error when the lab was never
 * provisioned, is not seeded, or its DC is not running.
 */
export function readLab(): LabInfo {
  return readLabAt(labDir);
}

/** readLab() for the lab in `dir` (another forest's lab, tests/lab/second-forest.ts). */
export function readLabAt(dir: string, up = 'npm run lab -- up'): LabInfo {
  const state = readLabState(dir);
  if (!state) {
    throw new Error(
      `The Samba AD DC lab is not provisioned (${join(dir, 'lab.json')} is missing). Run: ${up}`,
    );
  }
  if (!state.scenarios || !state.connector || !state.staleConnector) {
    throw new Error(`The Samba AD DC lab in ${dir} is provisioned but not seeded. Run: ${up}`);
  }
  if (runningPid(dir) === undefined) {
    throw new Error(`The Samba AD DC lab in ${dir} is stopped. Run: ${up}`);
  }
  return { ...state, realm: state.realm ?? state.dnsDomain.toUpperCase() } as LabInfo;
}
