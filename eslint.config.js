// Layering points one way: core ← ml ← parsers/detect/sources/store ← pipeline ← api/cli.
// These rules make a wrong-way import a lint error (as tRPC does for its adapters).
import tseslint from 'typescript-eslint';

const upper = (dirs) => dirs.flatMap((d) => [`../${d}/*`, `../../${d}/*`, `../../../${d}/*`, `../${d}`, `../../${d}`]);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'web/**', 'data/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../*', '../../*'], message: 'core imports nothing of ours' }] }],
    },
  },
  {
    files: ['src/ml/**/*.ts', 'src/parsers/**/*.ts', 'src/detect/**/*.ts', 'src/sources/**/*.ts', 'src/store/**/*.ts', 'src/enrich/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: upper(['pipeline', 'api', 'cli']), message: 'components must not depend on the runtime, API or CLI' }] }],
    },
  },
  {
    files: ['src/incidents/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: upper(['pipeline', 'api', 'cli', 'store', 'detect', 'parsers', 'sources']), message: 'incidents import only core (alerts in, incidents out)' }] }],
    },
  },
  {
    files: ['src/pipeline/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: upper(['api', 'cli']), message: 'the pipeline must not depend on the API or CLI' }] }],
    },
  },
);
