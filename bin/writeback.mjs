#!/usr/bin/env node
// The `writeback` command line. Runs on plain Node 24+ (never Electron; Node 24 is what the
// app's Electron bundles and what the tests run on): tsx loads the
// TypeScript engine directly, so a checkout needs no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(
    `writeback needs Node.js 24 or later; this is ${process.version}.\n` +
      'Run it through npm (npx writeback …), which uses the Node 24 installed in node_modules, or install Node 24 LTS.\n',
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv);
