import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GuideParseError } from '../../../lambdas/guides/errors';
import { readGuideFile } from '../../../lambdas/guides/file';
import { importGuide } from '../../../lambdas/guides/parse';
import { LIMITS } from '../../../lambdas/shared/limits';
import { SEED, UPDATED_AT } from './fixtures';

describe('readGuideFile', () => {
  let dir: string;
  const mtime = new Date('2025-05-06T07:08:09.000Z');
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    utimesSync(path, mtime, mtime);
    return path;
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'guides-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads a page copy with the file time as updatedAt and the title as slug', async () => {
    const path = write('copied from the site.txt', SEED);
    const guide = await readGuideFile(path);
    expect(guide.slug).toBe('medical-office-administrator');
    expect(guide.updatedAt).toBe(mtime.toISOString());
    expect(guide.title).toBe('Medical Office Administrator');
  });

  it('reads a canonical file, whose slug must match its name', async () => {
    const markdown = importGuide(SEED, { file: 'seed.txt', updatedAt: UPDATED_AT });
    const good = await readGuideFile(write('medical-office-administrator.md', markdown));
    expect(good.slug).toBe('medical-office-administrator');
    expect(good.updatedAt).toBe(UPDATED_AT); // the front matter's time wins over the mtime
    const path = write('nurse.md', markdown);
    await expect(readGuideFile(path)).rejects.toThrow(
      new GuideParseError(path, 2, "slug 'medical-office-administrator' does not match 'nurse' (the file name)"),
    );
  });

  it('rejects an empty file, a file over the size limit and bytes that are not UTF-8', async () => {
    const empty = write('empty.md', '');
    await expect(readGuideFile(empty)).rejects.toEqual(new GuideParseError(empty, 1, 'empty file'));
    const blank = write('blank.txt', '\n \n');
    await expect(readGuideFile(blank)).rejects.toMatchObject({ line: 1, reason: 'empty file' });
    const big = write('big.txt', `X Career Path Guide\n\n${'a'.repeat(LIMITS.guideFileBytes)}\n`);
    await expect(readGuideFile(big)).rejects.toMatchObject({ file: big, line: 1, reason: expect.stringMatching(/^file is larger than 524288 bytes/) });
    const latin1 = write('latin1.txt', Buffer.concat([Buffer.from('X Career Path Guide\n\nCaf'), Buffer.from([0xe9]), Buffer.from(' summary.\n')]));
    await expect(readGuideFile(latin1)).rejects.toMatchObject({ line: 3, reason: 'not valid UTF-8 text' });
  });

  it('passes file-system errors through as they are', async () => {
    await expect(readGuideFile(join(dir, 'missing.md'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(readGuideFile(join(dir, 'missing.md'))).rejects.not.toBeInstanceOf(GuideParseError);
  });
});
