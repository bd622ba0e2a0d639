// ESLint flat config. It lives in .ci/ because the product owner fixed the top level of the repo;
// `npm run lint` passes it with -c.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.data/**', 'test/artifacts/**', '**/*.cjs', '**/*.mjs', '**/*.d.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['error'] }],
      eqeqeq: 'error',
    },
  },
  {
    // The CLI, the local stack and benchmarks talk to a terminal.
    files: ['bin/**', 'lib/local/**', 'test/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Synthesized CloudFormation is untyped JSON.
    files: ['test/infra/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
