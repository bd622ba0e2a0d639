/**
 * Module boundaries: lambdas/http is a framework (routing, schemas, problems, OpenAPI) that knows no
 * domain, and the subscription use cases know no HTTP (their refusals are mapped to problems by the
 * routes). Read from the import statements of the sources themselves.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const LAMBDAS = join(__dirname, '..', '..', '..', 'lambdas');

/** The lambdas/-relative modules a file imports (relative specifiers only). */
function importsOf(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?from\s+'([^']+)'/g)].map((m) => m[1] as string);
  return specifiers.filter((s) => s.startsWith('.')).map((s) => relative(LAMBDAS, resolve(dirname(file), s)));
}

it('lambdas/http imports no domain module (only itself and lambdas/shared)', () => {
  const dir = join(LAMBDAS, 'http');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(5);
  const outside = files.flatMap((f) => importsOf(join(dir, f)).filter((m) => !m.startsWith('http/') && !m.startsWith('shared/')).map((m) => `${f} → ${m}`));
  expect(outside).toEqual([]);
});

it('the subscription use cases import nothing from lambdas/http', () => {
  const imports = importsOf(join(LAMBDAS, 'subscriptions', 'service.ts'));
  expect(imports.length).toBeGreaterThan(5);
  expect(imports.filter((m) => m.startsWith('http/'))).toEqual([]);
});
