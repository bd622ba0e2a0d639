/** Guide fixtures shared by the guide tests (not a test file itself). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES_DIR = join(__dirname, '..', '..', 'fixtures', 'guides');
export const CONTENT_GUIDES_DIR = join(__dirname, '..', '..', '..', 'content', 'guides');

/** The time passed as the file time wherever a source has none of its own. */
export const UPDATED_AT = '2026-11-01T00:00:00.000Z';

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}

/** The raw seed as it arrived (a copy of shared/seeds/medical-office-administrator.txt). */
export const SEED = fixture('medical-office-administrator.txt');
export const SOLAR = fixture('solar-panel-installer.txt');
export const GROOMER = fixture('dog-groomer.txt');

/** Replaces 1-based line `no` of `text`. */
export function withLine(text: string, no: number, line: string): string {
  const lines = text.split('\n');
  lines[no - 1] = line;
  return lines.join('\n');
}

/** Inserts `line` so that it becomes line `no`. */
export function insertLine(text: string, no: number, line: string): string {
  const lines = text.split('\n');
  lines.splice(no - 1, 0, line);
  return lines.join('\n');
}

export function deleteLine(text: string, no: number): string {
  const lines = text.split('\n');
  lines.splice(no - 1, 1);
  return lines.join('\n');
}

export function lineOf(text: string, no: number): string {
  return text.split('\n')[no - 1] ?? '';
}
