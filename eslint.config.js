import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'dist-e2e/', 'node_modules/', 'test/fixtures/', 'screenshots/', '.profiles/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Functions evaluated inside the extension's service worker by the start script.
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { chrome: 'readonly' } },
  },
  {
    // What ships: page text must never become markup, and nothing chats on the console.
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Use textContent or the h() builder.' },
        { property: 'outerHTML', message: 'Use textContent or the h() builder.' },
        { property: 'insertAdjacentHTML', message: 'Use the h() builder.' },
      ],
      'no-restricted-syntax': ['error', { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Never render page text as HTML.' }],
      'no-console': ['error', { allow: ['warn', 'error', 'debug'] }],
    },
  },
  {
    // The command-line tool's output is its console.
    files: ['src/cli/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
