// Loaded into a `writeback apply` process by a lab test (node --import), never by the product:
// once the journal's "applied" record of operation #WB_PAUSE_AFTER_APPLIED is on disk (written
// and fsync'ed), the process prints a marker on stderr and blocks for good, so the test can
// SIGKILL it between writing that operation and reading it back, as a crash would.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const pauseAt = Number(process.env.WB_PAUSE_AFTER_APPLIED);
const applied = new RegExp(`"type":"applied","index":${pauseAt}[,}]`);
const { writeSync, fsyncSync } = fs;
let pausing;

fs.writeSync = function (fd, data, ...rest) {
  const written = writeSync.call(this, fd, data, ...rest);
  if (Number.isInteger(pauseAt) && applied.test(Buffer.from(data).toString('utf8'))) pausing = fd;
  return written;
};
fs.fsyncSync = function (fd) {
  fsyncSync.call(this, fd);
  if (fd !== pausing) return;
  // stderr is a pipe here, written synchronously on Linux: the marker is out before we block.
  process.stderr.write(`paused after applied #${pauseAt}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
};
syncBuiltinESMExports();
