// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

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
              group: [...nodeBuiltins, 'electron', 'ldapts', '@azure/*', '@microsoft/*'],
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
    // The engine runs on plain Node (CLI, tests, dev bridge): only the shell may import Electron.
    files: ['main/**/*.ts'],
    ignores: ['main/shell/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Only main/shell/ may import Electron; the engine runs on plain Node.',
            },
          ],
        },
      ],
    },
  },
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
