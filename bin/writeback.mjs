#!/usr/bin/env node
// The `writeback` command line. Runs on plain Node 22+ (never Electron): tsx loads the
// TypeScript engine directly, so a checkout needs no build step.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `writeback needs Node.js 22 or later; this is ${process.version}.\n` +
      'Run it through npm (npx writeback …), which uses the Node 22 installed in node_modules, or install Node 22 LTS.\n',
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../main/cli/main.ts');
process.exitCode = await main(process.argv);
