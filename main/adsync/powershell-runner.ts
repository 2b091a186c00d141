/**
 * The one way the tool runs PowerShell (docs/domain-facts.md §4): `-NoProfile -NonInteractive`, the
 * script passed as -EncodedCommand (no quoting through a shell), output as JSON, and errors
 * caught in the script and returned as a JSON line on stderr, then turned into messages an
 * admin can act on. Local, or on the Connect server through Invoke-Command. The process
 * spawner is injected: tests give canned ADSync output, the CLI gives child_process.
 */
import { ExitCode, WizardError } from '../../shared/errors';
import { field } from '../../shared/fields';
import { windowsPowerShell } from '../platform/windows-system';
import { psQuote } from '../../shared/text/shell-quote';

export interface SpawnResult {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Starts `command args` without a shell and collects its output. */
export type Spawner = (command: string, args: readonly string[]) => Promise<SpawnResult>;

/** Where ADSync is reached (docs/cli.md `--adsync local|none|remote:<host>`; none has no runner). */
export type AdsyncLocation =
  { readonly kind: 'local' } | { readonly kind: 'remote'; readonly host: string };

export function parseAdsyncOption(value: string): AdsyncLocation | 'none' {
  return value === 'none' ? 'none' : parseAdsyncLocation(value);
}

/** A place ADSync is reached: `local` or `remote:<host>` (a plan's, or the admin's choice). */
export function parseAdsyncLocation(value: string): AdsyncLocation {
  if (value === 'local') return { kind: 'local' };
  const host = /^remote:([A-Za-z0-9][A-Za-z0-9.-]{0,253})$/.exec(value)?.[1];
  if (host) return { kind: 'remote', host };
  throw new WizardError(
    'adsync-option',
    `${field('adsync', value)} is not local, none or remote:<host>.`,
    `Use ${field('adsync', 'local')} on the AD Connect server, ${field('adsync', 'remote:<server>')} from a jump box, or ${field('adsync', 'none')}.`,
    ExitCode.usage,
  );
}

export function describeLocation(location: AdsyncLocation): string {
  return location.kind === 'local' ? 'local' : `remote:${location.host}`;
}

/** A PowerShell single-quoted string literal (one rule for every command this tool writes). */
export { psQuote };

const errorMarker = 'WRITEBACK-ERROR:';

/** The script around the caller's: stop on errors, JSON out, the error record as JSON on stderr. */
function wrapScript(script: string, location: AdsyncLocation): string {
  const body =
    location.kind === 'local'
      ? `& { ${script} }`
      : `Invoke-Command -ComputerName ${psQuote(location.host)} -ErrorAction Stop -ScriptBlock { $ErrorActionPreference = 'Stop'; ${script} }`;
  return [
    "$ErrorActionPreference = 'Stop'",
    "$ProgressPreference = 'SilentlyContinue'",
    'try {',
    `  $result = ${body}`,
    '  ConvertTo-Json -InputObject $result -Depth 6 -Compress',
    '} catch {',
    '  $record = @{ message = $_.Exception.Message; errorId = $_.FullyQualifiedErrorId; category = [string]$_.CategoryInfo.Category; exception = $_.Exception.GetType().FullName }',
    `  [Console]::Error.WriteLine('${errorMarker}' + (ConvertTo-Json -InputObject $record -Compress))`,
    '  exit 1',
    '}',
  ].join('\n');
}

export class PowerShellRunner {
  constructor(
    private readonly spawn: Spawner,
    readonly location: AdsyncLocation,
    platform: NodeJS.Platform = process.platform,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    // Windows PowerShell 5.1 (where ADSync lives) by full path, never found through PATH.
    this.executable = platform === 'win32' ? windowsPowerShell(env) : 'powershell.exe';
  }

  private readonly executable: string;

  /** The exact command line (for logs and for the admin); the script is shown decoded. */
  commandLine(script: string): readonly string[] {
    return [
      this.executable,
      '-NoProfile',
      '-NonInteractive',
      '-ExecutionPolicy',
      'Bypass',
      '-EncodedCommand',
      encodeCommand(wrapScript(script, this.location)),
    ];
  }

  /** Runs the script and returns its output parsed from JSON (null when it returned nothing). */
  async run(script: string): Promise<unknown> {
    const [command, ...args] = this.commandLine(script);
    let result: SpawnResult;
    try {
      result = await this.spawn(command!, args);
    } catch (error) {
      throw new WizardError(
        'powershell-missing',
        `Cannot start ${command}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        `Run writeback on the AD Connect server or a Windows jump box, or leave the Connect server out (${field('adsync', 'none')}) and run the commands shown there.`,
        ExitCode.connect,
        { cause: error },
      );
    }
    if (result.exitCode !== 0) throw this.explainFailure(result);
    const text = result.stdout.replace(/^\uFEFF/, '').trim();
    if (text === '') return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new WizardError(
        'powershell-output',
        `PowerShell on ${describeLocation(this.location)} did not return JSON (first line: "${text.split('\n')[0]!.slice(0, 120)}").`,
        'A profile or module printed text: check the server with the commands shown, or report this output.',
      );
    }
  }

  private explainFailure(result: SpawnResult): WizardError {
    const line = result.stderr.split(/\r?\n/).find((l) => l.startsWith(errorMarker));
    let record: { message?: string; errorId?: string; category?: string; exception?: string } = {};
    if (line) {
      try {
        record = JSON.parse(line.slice(errorMarker.length)) as typeof record;
      } catch {
        // Fall through to the raw stderr below.
      }
    }
    const message = (
      record.message ??
      (result.stderr.trim().split(/\r?\n/)[0] || `exit code ${result.exitCode}`)
    ).trim();
    return explainPowerShellError(
      message,
      record.errorId ?? '',
      record.exception ?? '',
      this.location,
    );
  }
}

function encodeCommand(script: string): string {
  return Buffer.from(script, 'utf16le').toString('base64');
}

/** Known failures in the admin's words; anything else keeps PowerShell's own message. */
function explainPowerShellError(
  message: string,
  errorId: string,
  exception: string,
  location: AdsyncLocation,
): WizardError {
  const where = location.kind === 'local' ? 'this computer' : location.host;
  if (/CommandNotFoundException/.test(errorId + exception) && /ADSync/i.test(message)) {
    return new WizardError(
      'adsync-module-missing',
      `The ADSync PowerShell module is not on ${where}: ${message}`,
      `Run on the Microsoft Entra Connect server (or give ${field('adsync', 'remote:<that server>')}).`,
      ExitCode.connect,
    );
  }
  if (/PSRemotingTransport|WinRM/i.test(errorId + exception + message)) {
    return new WizardError(
      'adsync-remote-unreachable',
      `Cannot reach ${where} over PowerShell remoting: ${message}`,
      'Enable WinRM on the Connect server (Enable-PSRemoting) and allow this jump box, or run writeback on the server itself.',
      ExitCode.connect,
    );
  }
  if (/UnauthorizedAccess|Access is denied|PermissionDenied/i.test(errorId + exception + message)) {
    return new WizardError(
      'adsync-access-denied',
      `ADSync refused this account on ${where}: ${message}`,
      'Run as a member of the ADSyncAdmins group on the Connect server (sign out and in after adding it).',
      ExitCode.connect,
    );
  }
  if (/MissingMandatoryParameter/i.test(errorId) && /AADUserName/i.test(message)) {
    // Entra Connect 2.6.84.0+: cloud-changing cmdlets sign an Entra administrator in.
    return new WizardError(
      'adsync-admin-sign-in-required',
      `This ADSync cmdlet on ${where} signs an Entra administrator in interactively (-AADUserName), which a non-interactive run cannot do: ${message}`,
      'Run the command shown on the Connect server yourself, adding -AADUserName <your Hybrid Identity Administrator UPN>, and sign in when asked; then plan again.',
    );
  }
  return new WizardError(
    'adsync-command-failed',
    `ADSync PowerShell failed on ${where}: ${message}`,
    'Run the command shown on the Connect server to see the full error, fix its cause, then try again.',
  );
}
