import { defineConfig } from 'vitest/config';

// One command (`npm test`) runs every project. The lab project brings up the Samba AD DC
// (tests/lab/global-setup.ts) and runs its files one at a time: they share one directory. The
// e2e project uses the same DC (it applies and rolls back Permissions, resets the canary), so
// it runs after the lab project, never beside it (sequence.groupOrder: unit and renderer first
// with the lab, then e2e): a lab test must never see an e2e change half-way.
//
// No test may fail because the machine is busy: vitest's default 5 s is far too short for a
// CPU-bound test (a 20,000-case fuzz run) on a loaded 2-core machine, so every project allows a
// minute, and tests that start processes allow more (tests/support/writeback-cli.ts). Speed is
// measured by `npm run bench`, never asserted by a test.
const loadedMachineTimeoutMs = 60_000;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          testTimeout: loadedMachineTimeoutMs,
        },
      },
      {
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'renderer',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['tests/renderer/setup.ts'],
          testTimeout: loadedMachineTimeoutMs,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['tests/lab/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/lab/global-setup.ts'],
          fileParallelism: false,
          testTimeout: loadedMachineTimeoutMs,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/lab/global-setup.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
