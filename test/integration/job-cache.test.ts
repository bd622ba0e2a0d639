/**
 * Job lists on the real local stack (dynalite): after the first list an api instance answers from
 * memory with one GetItem of the jobs' version marker per request, and a job written through the
 * admin API (or a sync) is listed by the very next request.
 */
import { startTestStack, type TestStack } from '../support/stack';

let stack: TestStack;
const commands: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  // Every function of the stack shares its one DynamoDB client: count what it sends.
  stack.clients.dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(String(context.commandName));
      return next(args);
    },
    { step: 'initialize', name: 'countJobCacheCommands' },
  );
});

afterAll(async () => {
  await stack?.stop();
});

async function list(path: string): Promise<{ items: { id: string }[] }> {
  const res = await fetch(`${stack.apiUrl}${path}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { items: { id: string }[] };
}

it('answers job lists with one small read each once the jobs are kept', async () => {
  const first = await list('/jobs?limit=5');
  expect(first.items.length).toBeGreaterThan(0);
  commands.length = 0;
  for (let i = 0; i < 5; i++) expect(await list('/jobs?limit=5')).toEqual(first);
  expect(commands).toEqual(Array(5).fill('GetItemCommand'));
});

it('lists a job written through the admin API on the next request', async () => {
  await list('/jobs?limit=5');
  const res = await fetch(`${stack.apiUrl}/admin/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': stack.adminApiKey },
    body: JSON.stringify({ source: 'cache-test', jobs: [{ id: 'n1', url: 'https://jobs.example/n1', jobTitle: 'Archivist', companyName: 'Records Ltd', pubDate: new Date().toISOString() }] }),
  });
  expect(res.status).toBe(200);
  expect((await list('/jobs?limit=5')).items[0]?.id).toBe('cache-test:n1');
  expect((await list('/jobs?q=archivist')).items.map((j) => j.id)).toContain('cache-test:n1');
});

it('never serves the version marker as a job', async () => {
  const res = await fetch(`${stack.apiUrl}/jobs/${encodeURIComponent('#jobs-version')}`);
  expect(res.status).toBe(404);
});
