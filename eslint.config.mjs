// @ts-check
// One lint for the server (apps, libs, test, bench) and the Angular client: the ecosystems'
// recommended rules, plus the import boundaries of docs/ARCHITECTURE.md ("Boundaries").
import { readdirSync } from 'node:fs';
import eslint from '@eslint/js';
import angular from 'angular-eslint';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The capabilities: every folder of libs/ but the platform. */
const capabilities = readdirSync(new URL('./libs', import.meta.url), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'platform')
  .map((d) => d.name);

/**
 * A capability reaches another one only through its entry (`@pf/<cap>`, i.e. its index.ts, or
 * `@pf/<cap>/testing` from specs); never a relative path into its files.
 */
const capabilityZones = capabilities.map((cap) => ({
  target: `./libs/${cap}`,
  from: './libs',
  except: [
    `./${cap}`,
    './platform',
    ...capabilities.filter((other) => other !== cap).flatMap((other) => [`./${other}/index.ts`, `./${other}/testing/index.ts`]),
  ],
  message: 'Another capability is reached through its entry, `@pf/<capability>`, only.',
}));

const typescriptRules = {
  // Unused arguments and destructured leftovers are named with a leading underscore.
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true }],
  // Nest's reflection (Reflector, handlers, controllers, DTO classes) is typed with `Function` itself.
  '@typescript-eslint/no-unsafe-function-type': 'off',
};

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'data/**', 'test-results/**', 'coverage/**', 'angular-client/.angular/**', '**/*.js', '**/*.cjs'],
  },
  {
    name: 'server',
    files: ['apps/**/*.ts', 'libs/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { globals: { ...globals.node, ...globals.jest } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
    },
    rules: {
      ...typescriptRules,
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            { target: './libs', from: ['./apps', './test', './bench'], message: 'Libraries never import an app, a test support or a bench.' },
            {
              target: './libs/platform',
              from: capabilities.map((cap) => `./libs/${cap}`),
              message: 'The platform never imports a capability: declare a port (token + interface) that the capability provides.',
            },
            ...capabilityZones,
          ],
        },
      ],
    },
  },
  {
    name: 'server tests and benches',
    files: ['test/**/*.ts', 'bench/**/*.ts', '**/*.spec.ts'],
    // Tests and benches read JSON answers and poke at internals on purpose.
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    name: 'client',
    files: ['angular-client/src/**/*.ts'],
    extends: [eslint.configs.recommended, ...tseslint.configs.recommended, ...angular.configs.tsRecommended],
    languageOptions: { globals: { ...globals.browser, ...globals.jest } },
    processor: angular.processInlineTemplates,
    rules: {
      ...typescriptRules,
      '@angular-eslint/directive-selector': ['error', { type: 'attribute', prefix: 'pf', style: 'camelCase' }],
      '@angular-eslint/component-selector': ['error', { type: 'element', prefix: 'pf', style: 'kebab-case' }],
    },
  },
  {
    name: 'client templates',
    files: ['angular-client/src/**/*.html'],
    extends: [...angular.configs.templateRecommended, ...angular.configs.templateAccessibility],
  },
  prettier,
);
