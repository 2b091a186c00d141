/**
 * `npm run bridge`: the wizard in any browser, with the real engine behind it, no Electron.
 * Builds the renderer, serves it on 127.0.0.1 with a fresh token, and prints the one URL that
 * opens it. Development only: never part of the packaged app.
 */
import { resolve } from 'node:path';
import { defaultJournalFolder } from '../engine-api/host';
import { buildRenderer } from './build-renderer';
import { startDevBridge } from './server';
import { refuseDisabledTlsVerification } from '../platform/tls-verification';
import { appWords } from '../engine-api/words';
import { toErrorInfo } from '../../shared/errors';

try {
  refuseDisabledTlsVerification();
} catch (error) {
  const { message, fix } = toErrorInfo(error, appWords);
  process.stderr.write(`${message}\n${fix}\n`);
  process.exit(2);
}

const rendererDir = resolve('.cache/bridge-renderer');
await buildRenderer(rendererDir);
const bridge = await startDevBridge({
  rendererDir,
  journalFolder: process.env['WRITEBACK_JOURNAL_DIR'] ?? defaultJournalFolder(),
  port: Number(process.env['WRITEBACK_BRIDGE_PORT'] ?? 0),
  onOpenExternal: (url) => process.stderr.write(`open in your browser: ${url}\n`),
});
process.stderr.write(
  `Writeback Wizard dev bridge (loopback only). Open:\n  ${bridge.url}\nCtrl+C stops it.\n`,
);
const stop = () => void bridge.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
