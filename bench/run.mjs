#!/usr/bin/env node
// `npm run bench [-- <name-filter>…]`: runs every bench/*.ts one after another, each in its own
// Node process (so one benchmark's heap never skews the next one's memory figures), and prints a
// summary. Benchmarks that need the lab say so and are skipped when it is down.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
if (files.length === 0) {
  console.error(
    `bench: nothing matches ${filters.join(' ')}; available: ${readdirSync(here).join(', ')}`,
  );
  process.exit(2);
}
const results = [];
for (const file of files) {
  console.error(`\n=== bench/${file}`);
  const started = Date.now();
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(here, file)], {
    stdio: 'inherit',
  });
  results.push({ file, status: run.status, seconds: (Date.now() - started) / 1000 });
}
console.error('\n=== summary');
for (const r of results)
  console.error(`${r.status === 0 ? 'ok  ' : 'FAIL'} ${r.file} (${r.seconds.toFixed(1)} s)`);
process.exit(results.every((r) => r.status === 0) ? 0 : 1);
