// A stand-in for powershell.exe on the Connect server, for tests only: it decodes the script the
// tool sends (-EncodedCommand, UTF-16LE) and answers as Windows PowerShell 5.1 would through the
// tool's wrapper, from files a test double wrote in $WRITEBACK_FAKE_POWERSHELL_DIR:
// events.json (Get-WinEvent, filtered by the script's StartTime) and connectivity.json
// (Test-NetConnection). Anything else fails as an unknown command would.
import { Buffer } from 'node:buffer';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1] || '', 'base64').toString(
  'utf16le',
);
const dir = process.env.WRITEBACK_FAKE_POWERSHELL_DIR || '';
const read = (name) =>
  existsSync(join(dir, name)) ? JSON.parse(readFileSync(join(dir, name), 'utf8')) : [];
const fail = (message, errorId) => {
  process.stderr.write(
    'WRITEBACK-ERROR:' +
      JSON.stringify({
        message,
        errorId,
        category: 'ObjectNotFound',
        exception: 'System.Management.Automation.CommandNotFoundException',
      }) +
      '\r\n',
  );
  process.exit(1);
};
if (script.includes('Get-WinEvent')) {
  const since = /StartTime = \[DateTimeOffset\]::Parse\('([^']+)'\)/.exec(script);
  const until = /EndTime = \[DateTimeOffset\]::Parse\('([^']+)'\)/.exec(script);
  const events = read('events.json').filter(
    (e) => (!since || e.TimeCreated >= since[1]) && (!until || e.TimeCreated <= until[1]),
  );
  process.stdout.write(
    '\uFEFF' + JSON.stringify(events.length === 1 ? events[0] : events) + '\r\n',
  );
} else if (script.includes('Test-NetConnection')) {
  process.stdout.write(JSON.stringify(read('connectivity.json')) + '\r\n');
} else {
  fail("The term 'Unknown' is not recognized as the name of a cmdlet.", 'CommandNotFoundException');
}
