// Jest transform: esbuild strips types (fast, no TypeScript-version coupling); `npm run typecheck` checks them.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { transformSync, version } = require('esbuild');

const OPTIONS = {
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  // Jest's CommonJS runtime cannot run import(); as require() it joins Jest's module registry.
  supported: { 'dynamic-import': false },
};
const SELF = createHash('sha256').update(readFileSync(__filename)).update(version).digest('hex');

module.exports = {
  getCacheKey(source, filename) {
    return createHash('sha256').update(SELF).update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    const result = transformSync(source, {
      ...OPTIONS,
      loader: filename.endsWith('.ts') ? 'ts' : 'js',
      sourcefile: filename,
    });
    return { code: result.code };
  },
};
