// One linter for the whole workspace; `npm run lint` fails on any finding (--max-warnings 0).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Which kinds of project may import which. Apps never import apps; only launchers (the embedded
// platform and the admin CLI) compose apps; libs never import apps.
const typeRules = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:contracts'] },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:util', 'type:contracts'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', 'type:contracts'],
  },
  { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:infra', 'type:util', 'type:contracts'] },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:domain', 'type:infra', 'type:util', 'type:contracts'],
  },
  { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['*'] },
  {
    sourceTag: 'type:launcher',
    onlyDependOnLibsWithTags: ['type:app', 'type:domain', 'type:infra', 'type:util', 'type:contracts'],
  },
];
const scopeRules = [
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
  { sourceTag: 'scope:clients', onlyDependOnLibsWithTags: ['scope:clients', 'scope:shared'] },
  { sourceTag: 'scope:gateway', onlyDependOnLibsWithTags: ['scope:gateway', 'scope:shared'] },
  { sourceTag: 'scope:campaigns', onlyDependOnLibsWithTags: ['scope:campaigns', 'scope:shared'] },
  { sourceTag: 'scope:email', onlyDependOnLibsWithTags: ['scope:email', 'scope:shared'] },
  { sourceTag: 'scope:scraper', onlyDependOnLibsWithTags: ['scope:scraper', 'scope:shared'] },
  { sourceTag: 'scope:analytics', onlyDependOnLibsWithTags: ['scope:analytics', 'scope:shared'] },
  // The dashboard runs in a browser and speaks only the REST API: it imports no lib of ours.
  { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web'] },
  { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
];

const boundaries = (depConstraints) => ({
  '@nx/enforce-module-boundaries': [
    'error',
    {
      enforceBuildableLibDependency: false,
      allow: [],
      depConstraints,
      checkDynamicDependenciesExceptions: [],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.data/**',
      '**/.cache/**',
      '**/.nx/**',
      '**/dist/**',
      '**/coverage/**',
      'libs/contracts/src/gen/**',
      'apps/web/src/gen/**',
      'tools/kafka/target/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { plugins: { '@nx': nx } },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      ...boundaries([...typeRules, ...scopeRules]),
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': 'error',
    },
  },
  {
    // Tests may use the testing lib and start other apps for real (e.g. the gateway's tests run the
    // real client service behind it).
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/test/**/*.ts'],
    rules: boundaries([{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }]),
  },
  {
    // Entry points and CLIs talk to a terminal.
    files: ['**/src/main.ts', 'apps/admin-cli/**/*.ts', 'bench/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
  prettier,
);
