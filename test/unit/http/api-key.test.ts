import { requireApiKey, sameKey } from '../../../lambdas/http/api-key';
import { HttpProblem } from '../../../lambdas/http/problems';

const KEY = 'operators-key-0123456789';

it('compares keys of any length without throwing', () => {
  expect(sameKey(KEY, KEY)).toBe(true);
  expect(sameKey('short', KEY)).toBe(false);
  expect(sameKey(`${KEY}x`, KEY)).toBe(false);
  expect(sameKey('', KEY)).toBe(false);
});

it.each([
  [{}, 401],
  [{ 'x-api-key': '' }, 401],
  [{ 'x-api-key': 'wrong-key-0123456789' }, 403],
])('rejects %j with %i', async (headers, status) => {
  const error = await requireApiKey(headers, async () => KEY).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(HttpProblem);
  expect((error as HttpProblem).status).toBe(status);
});

it('accepts the right key', async () => {
  await expect(requireApiKey({ 'x-api-key': KEY }, async () => KEY)).resolves.toBeUndefined();
});

it('refuses to run with a configured key too short to be safe', async () => {
  await expect(requireApiKey({ 'x-api-key': 'abc' }, async () => 'abc')).rejects.toThrow(/shorter than 16/);
});
