import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules', 'balans-data', '.cache', 'test-artifacts', 'bench/out', 'dist'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'bin/balans.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' },
      ],
    },
  },
  {
    // The domain and the file formats import nothing of the edges.
    files: ['src/shared/**', 'src/sie/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/db/**', '**/cli/**', '**/server/**', '**/web/**', 'kysely', 'pg'] },
      ],
    },
  },
  {
    // The web app: React's rules of hooks; it imports nothing of the server but its JSON shapes.
    files: ['web/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: ['**/src/**', 'kysely', 'pg', 'node:*'] }],
    },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts', 'vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
