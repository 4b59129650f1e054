// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import boundaries from 'eslint-plugin-boundaries';
import react from 'eslint-plugin-react';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'apps/miniapp/.temp/**',
      'apps/miniapp/config/**',
      'apps/miniapp/babel.config.js',
      'bench/.data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.mjs', '*.js', '*.ts', 'scripts/*.mjs', 'bench/*.mjs'],
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Nest modules and DTOs are classes with decorators only.
      '@typescript-eslint/no-extraneous-class': 'off',
      eqeqeq: ['error', 'always'],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='forwardRef']",
          message: 'forwardRef hides a circular import: move the shared piece down instead.',
        },
      ],
    },
  },
  {
    // Only the config layer reads the environment.
    files: ['apps/api/src/**/*.ts'],
    ignores: ['apps/api/src/platform/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through AppConfig.' },
      ],
    },
  },
  {
    files: ['apps/miniapp/src/**/*.{ts,tsx}'],
    plugins: { react, 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    settings: { react: { version: '18.3' } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs['jsx-runtime'].rules,
      ...reactHooks.configs.recommended.rules,
      'react/prop-types': 'off',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The module graph, declared once (ARCHITECTURE.md, "Boundaries"): which part of the workspace may import
    // which. An area reaches another area only through what that area's Nest module exports (its *.module.ts
    // and *.service.ts files); platform knows no area; only tests import test code; the mini-program imports
    // the contracts and nothing of the API. When a rule is in your way, change the owner's service, not the rule.
    files: ['apps/**/*.{ts,tsx}', 'libs/**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import', 'require'],
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'] } },
      'boundaries/elements': [
        { type: 'area', pattern: 'apps/api/src/modules/*', capture: ['area'], partialMatch: false },
        { type: 'platform', pattern: 'apps/api/src/platform', partialMatch: false },
        // main.ts, worker.ts, the app/worker modules and the CLI: the composition roots, wiring areas together.
        { type: 'api-entry', pattern: 'apps/api/src', partialMatch: false },
        { type: 'migrations', pattern: 'apps/api/migrations', partialMatch: false },
        { type: 'api-test', pattern: 'apps/api/test', partialMatch: false },
        { type: 'contracts', pattern: 'libs/contracts', partialMatch: false },
        { type: 'miniapp', pattern: 'apps/miniapp/src', partialMatch: false },
        { type: 'miniapp-test', pattern: 'apps/miniapp/test', partialMatch: false },
      ],
      'boundaries/files': [{ category: 'test', pattern: '**/*.spec.ts' }],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            '{{ from.element.type }} may not import {{ to.file.path }}: an area imports of another area only its ' +
            '*.module.ts and *.service.ts, platform imports no area, only tests import apps/api/test, the ' +
            'mini-program imports only the contracts (the module graph in eslint.config.mjs)',
          policies: [
            {
              from: { element: { type: 'area' } },
              allow: { to: { element: { types: ['platform', 'contracts'] } } },
            },
            {
              // Another area only through its module and exported services.
              from: { element: { type: 'area' } },
              allow: {
                to: { element: { type: 'area', fileInternalPath: ['**/*.module.ts', '**/*.service.ts'] } },
              },
            },
            {
              // Platform is cross-cutting: it knows no area (areas plug in through abstractions it declares).
              from: { element: { type: 'platform' } },
              allow: { to: { element: { types: ['contracts', 'migrations'] } } },
            },
            {
              from: { element: { type: 'api-entry' } },
              allow: { to: { element: { types: ['area', 'platform', 'contracts', 'migrations'] } } },
            },
            {
              from: { element: { types: ['api-test', 'miniapp-test'] } },
              allow: {
                to: {
                  element: {
                    types: [
                      'area',
                      'platform',
                      'api-entry',
                      'migrations',
                      'contracts',
                      'api-test',
                      'miniapp',
                    ],
                  },
                },
              },
            },
            {
              // Unit tests beside the code may use the fakes and helpers under apps/api/test.
              from: { file: { categories: 'test' } },
              allow: { to: { element: { type: 'api-test' } } },
            },
            {
              from: { element: { type: 'miniapp' } },
              allow: { to: { element: { type: 'contracts' } } },
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  prettier,
);
