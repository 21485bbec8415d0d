import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

/**
 * Import direction (DESIGN.md): renderer → core/api contracts and core/domain; electron → core;
 * core/node → core; core never imports electron, react or the renderer, and nothing outside
 * core/node and electron imports node:* (tests and scripts excepted).
 */
const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'net', 'crypto', 'url', 'util', 'events', 'stream'];
const pattern = (group, message) => ({ group, message });

export default tseslint.config(
  { ignores: ['.scratch/**', 'out/**', 'node_modules/**', '.tsbuild/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      'no-console': 'off',
    },
  },
  {
    files: ['core/**/*.ts'],
    ignores: ['core/node/**', 'core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(nodeBuiltins, 'core is isomorphic: Node APIs belong in core/node.'),
          pattern(['electron', 'react', 'react-dom', '**/renderer/**', '**/electron/**'], 'core never depends on a shell.'),
          pattern(['**/node/**'], 'only hosts import core/node.'),
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer'],
      'no-restricted-syntax': ['error', {
        selector: "MemberExpression[object.name='Date'][property.name='now']",
        message: 'Inject a Clock instead of reading the wall clock.',
      }],
    },
  },
  {
    files: ['core/node/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['electron', 'react', 'react-dom', '**/renderer/**', '**/electron/**'], 'core never depends on a shell.')],
      }],
    },
  },
  {
    // The statement PDF is the statement screen's own view printed by Chromium (SPEC §10), so the
    // one printer of the hosts may import that one static-markup module and nothing else of the renderer.
    files: ['core/node/statement-pdf.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(['electron', 'react', 'react-dom', '**/electron/**'], 'core never depends on a shell.'),
          { regex: '/renderer/(?!src/screens/statements/statement-document\\.tsx$)', message: 'core never depends on a shell.' },
        ],
      }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', {
        patterns: [
          pattern(nodeBuiltins, 'the renderer runs in a browser sandbox.'),
          pattern(['rxdb', 'rxdb/*', 'electron', '**/electron/**'], 'the renderer talks to a Backend, never to the store or Electron.'),
          pattern(['**/core/store/**', '**/core/node/**', '**/core/api/*.ts', '!**/core/api/backend.ts', '!**/core/api/envelope.ts', '!**/core/api/errors.ts', '**/core/api/routes/**', '**/core/accrual/**', '**/core/ledger/**', '**/core/sync/**'],
            'the renderer may import only core/api contracts (and backend/envelope/errors types) and core/domain.'),
        ],
      }],
    },
  },
  {
    files: ['electron/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['react', 'react-dom', '**/renderer/**'], 'the main process does not import the renderer.')],
      }],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [pattern(['**/core/store/**', '**/core/node/**', 'rxdb', 'rxdb/*', '**/renderer/**'], 'the preload only bridges IPC.')],
      }],
    },
  },
  {
    // Tests read arbitrary JSON from the wire and assert on it.
    files: ['test/**/*.ts', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
