// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import layers from './scripts/lint/layers.js';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'crypto',
  'http',
  'https',
  'stream',
  'buffer',
  'util',
];

/** The libraries only one place may import: an outside system has one door, the CLI one face. */
const only = {
  electron: {
    name: 'electron',
    message: 'Only main/shell/ may import Electron; the engine runs on plain Node.',
  },
  ldapts: {
    name: 'ldapts',
    message:
      'Only main/directory/ may import ldapts: it is the one door to AD (use its Directory).',
  },
  commander: {
    name: 'commander',
    message: "Only main/cli/ may import commander: flags and prompts are the command line's.",
  },
};
const restrict = (...names) => ({
  'no-restricted-imports': ['error', { paths: names.map((name) => only[name]) }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      '.lab/',
      '.cache/',
      'test-artifacts/',
      'coverage/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    // shared/ and renderer/ run in the sandboxed renderer: no Node, no Electron.
    files: ['shared/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                ...nodeBuiltins,
                'electron',
                'ldapts',
                'commander',
                '@azure/*',
                '@microsoft/*',
              ],
              message:
                'shared/ and renderer/ must not import Node, Electron or the engine clients: go through the IPC contract.',
            },
            {
              group: ['**/main/**', '**/preload/**'],
              message:
                'The renderer reaches the engine only through the IPC contract in shared/ipc.',
            },
          ],
        },
      ],
    },
  },
  {
    // No production function longer than about 80 lines: split it into named parts.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Layers only point down (scripts/lint/layers.js); the engine runs on plain Node.
    files: ['main/**/*.ts', 'shared/**/*.ts'],
    plugins: { layers },
    rules: { 'layers/only-down': 'error' },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**', 'main/directory/**', 'main/cli/**'],
    rules: restrict('electron', 'ldapts', 'commander'),
  },
  { files: ['main/directory/**/*.ts'], rules: restrict('electron', 'commander') },
  { files: ['main/cli/**/*.ts'], rules: restrict('electron', 'ldapts') },
  { files: ['main/shell/**/*.ts'], rules: restrict('ldapts', 'commander') },
  {
    // Plain Node scripts (the bin, build helpers).
    files: ['**/*.mjs', 'scripts/**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['renderer/**/*.tsx', 'tests/renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
