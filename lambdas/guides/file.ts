/** Reading a guide file from disk (CLI, local stack): the only part of the guide core that does I/O. */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { GuideParseError } from './errors';
import type { Guide } from './guide';
import { withContentHash } from './hash';
import { parseGuide } from './parse';
import { LIMITS } from '../shared/limits';

/**
 * Reads and parses a guide file (either layout). `file` in errors is `path` as given; updatedAt is the
 * file's mtime unless the guide states its own; the slug is the file name for `<slug>.md`, otherwise
 * the title's. Bad content (too large, empty, not UTF-8, not a guide, …) → GuideParseError; failures
 * to read the file at all (ENOENT, EACCES, EISDIR) are rethrown as they are, for the caller to report.
 */
export async function readGuideFile(path: string): Promise<Guide> {
  const handle = await open(path, 'r');
  let bytes: Buffer;
  let mtime: Date;
  try {
    const info = await handle.stat();
    if (info.size > LIMITS.guideFileBytes) {
      throw new GuideParseError(path, 1, `file is larger than ${LIMITS.guideFileBytes} bytes (${info.size})`);
    }
    mtime = info.mtime;
    bytes = await handle.readFile();
  } finally {
    await handle.close();
  }
  if (bytes.length > LIMITS.guideFileBytes) {
    throw new GuideParseError(path, 1, `file is larger than ${LIMITS.guideFileBytes} bytes (${bytes.length})`);
  }
  if (bytes.toString('latin1').trim() === '') throw new GuideParseError(path, 1, 'empty file');
  const text = decodeUtf8(bytes, path);
  const name = basename(path);
  const parsed = parseGuide(text, {
    file: path,
    ...(name.endsWith('.md') ? { slug: name.slice(0, -3) } : {}),
    updatedAt: mtime.toISOString(),
  });
  return withContentHash(parsed);
}

function decodeUtf8(bytes: Buffer, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Point at the line of the first invalid byte.
    const text = bytes.toString('utf8');
    const bad = text.indexOf('\ufffd');
    const line = bad === -1 ? 1 : text.slice(0, bad).split('\n').length;
    throw new GuideParseError(path, line, 'not valid UTF-8 text');
  }
}
