import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '**/node_modules/**', 'data/**', '.test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { console: 'readonly', process: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-undef': 'off',
    },
  },
  {
    files: ['shared/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['react', 'react-*', 'konva', 'konva/*', 'ws', 'node:*', 'fs', 'path', 'http', 'crypto', 'y-websocket', 'better-sqlite3', '@causeway/client', '@causeway/server', '../../client/*', '../../server/*'], message: 'shared/ is pure: it imports only yjs and small pure libraries (STYLE.md 1).' },
        ],
      }],
      'no-restricted-globals': ['error', 'window', 'document', 'navigator', 'localStorage', 'Buffer'],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@causeway/server', '**/server/src/**', 'ws', 'better-sqlite3', 'node:*'], message: 'client/ never imports the server (client -> shared <- server).' }] }] },
  },
  {
    files: ['server/src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@causeway/client', '**/client/src/**', 'react', 'react-dom'], message: 'server/ never imports the client (client -> shared <- server).' }] }] },
  },
);
