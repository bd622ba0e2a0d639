/**
 * A function bundles only the SDKs it uses (see README, cold load): the api function, which does not
 * trace its AWS calls, carries no X-Ray SDK, and no SES client nor any subscription use case (the
 * subscriptions function serves those routes); functions that send no mail and import no module that
 * does carry no SES client; the ingest function carries neither SES nor the feeds' HTML parser, and
 * the api function no HTML parser either (the subscription preferences read the job vocabulary as
 * plain text). And a cold start runs only what every invocation needs: the feed parsers and ICU's
 * locale data load on first use.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction, bundledInputs, bundledPackages, functionEnvironment, intlUsedAtImport } from '../support/bundles';

const FUNCTIONS = join(__dirname, '..', '..', 'lambdas', 'functions');
const packagesOf = (name: string) => bundledPackages(join(FUNCTIONS, `${name}.ts`));

it('the api function bundles no X-Ray SDK, and the functions that trace do', () => {
  const api = packagesOf('api');
  expect(api.has('@aws-lambda-powertools/tracer')).toBe(false);
  expect(api.has('aws-xray-sdk-core')).toBe(false);
  // The measure is not vacuous: it finds the SDK where it is used.
  expect(packagesOf('ingest').has('aws-xray-sdk-core')).toBe(true);
  expect(api.has('@aws-sdk/client-dynamodb')).toBe(true);
});

it.each(['api', 'ingest', 'job-sync'])('%s bundles no SES client', (name) => {
  expect(packagesOf(name).has('@aws-sdk/client-sesv2')).toBe(false);
});

it('the api function bundles none of the subscription use cases, stores or mail: the subscriptions function does', () => {
  const inputs = (name: string) => bundledInputs(join(FUNCTIONS, `${name}.ts`));
  const serving = ['lambdas/subscriptions/service.ts', 'lambdas/subscriptions/dynamo-store.ts', 'lambdas/subscriptions/signup-limits.ts', 'lambdas/subscriptions/emails.ts', 'lambdas/shared/ses.ts'];
  expect(serving.filter((file) => inputs('api').has(file))).toEqual([]);
  // The measure is not vacuous: the subscriptions function carries them, and SES.
  expect(serving.filter((file) => inputs('subscriptions').has(file))).toEqual(serving);
  expect(packagesOf('subscriptions').has('@aws-sdk/client-sesv2')).toBe(true);
  // The api documents the subscription routes from their specs.
  expect(inputs('api').has('lambdas/subscriptions/specs.ts')).toBe(true);
});

it('the ingest function bundles no HTML parser and no Secrets Manager client', () => {
  const ingest = packagesOf('ingest');
  expect(ingest.has('htmlparser2')).toBe(false);
  expect(ingest.has('@aws-sdk/client-secrets-manager')).toBe(false);
});

it('the api function loads no HTML parser at a cold start; job-sync, which reads feed HTML, does', () => {
  const api = join(FUNCTIONS, 'api.ts');
  // Only the admin job upsert beside the public job routes imports it, lazily, on first use.
  expect(bundledPackages(api, { atImport: true }).has('htmlparser2')).toBe(false);
  expect(bundledPackages(api, { atImport: true }).has('@aws-sdk/client-dynamodb')).toBe(true);
  expect(bundledPackages(join(FUNCTIONS, 'job-sync.ts'), { atImport: true }).has('htmlparser2')).toBe(true);
});

it('the api, subscriptions and admin functions load neither Powertools Parameters nor Secrets Manager at a cold start, only on first use', () => {
  for (const name of ['api', 'subscriptions', 'admin']) {
    const atImport = bundledPackages(join(FUNCTIONS, `${name}.ts`), { atImport: true });
    expect(atImport.has('@aws-lambda-powertools/parameters')).toBe(false);
    expect(atImport.has('@aws-sdk/client-secrets-manager')).toBe(false);
    // The measure is not vacuous: both are in the bundle, behind import().
    expect(packagesOf(name).has('@aws-lambda-powertools/parameters')).toBe(true);
    expect(packagesOf(name).has('@aws-sdk/client-secrets-manager')).toBe(true);
  }
});

it('the admin function loads no HTML parser at a cold start, only when jobs are posted', () => {
  expect(bundledPackages(join(FUNCTIONS, 'admin.ts'), { atImport: true }).has('htmlparser2')).toBe(false);
  expect(packagesOf('admin').has('htmlparser2')).toBe(true);
});

describe('Intl at a cold start', () => {
  let out = '';
  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'careerwire-intl-'));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('the probe sees a module that formats at import', () => {
    const file = join(out, 'formats.mjs');
    writeFileSync(file, "export const names = [new Intl.DateTimeFormat('en-GB').format(0), 'b'.localeCompare('a'), Intl.supportedValuesOf('currency').length];\n");
    expect(intlUsedAtImport(file, functionEnvironment())).toEqual(['DateTimeFormat', 'localeCompare', 'supportedValuesOf']);
  });

  // The digest functions format every invocation (amounts, dates in the digest's zone): ICU loads at
  // their cold start either way.
  it.each(['api', 'subscriptions', 'admin', 'feedback', 'ingest', 'job-sync'])('%s makes no Intl object at import (ICU loads on first use)', (name) => {
    const file = join(out, `${name}.mjs`);
    bundleFunction(join(FUNCTIONS, `${name}.ts`), file);
    expect(intlUsedAtImport(file, functionEnvironment())).toEqual([]);
  }, 120_000);
});
