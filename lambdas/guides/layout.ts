/**
 * What a layout parser (Markdown or plain text) hands to parse.ts, and the line split both read:
 * every error points at a line of the original input, so the split never merges or drops a line.
 */
import type { Guide } from './guide';

/** A guide without the fields parse.ts resolves from options (slug, updatedAt) or computes (hash). */
export type GuideContent = Omit<Guide, 'slug' | 'contentHash' | 'updatedAt'>;

/** What a layout parser hands to parse.ts. */
export interface ParsedLayout {
  content: GuideContent;
  /** Line of the title, for errors about it (e.g. no slug can be derived from it). */
  titleLine: number;
  /** Values the source itself states (canonical front matter), with their lines. */
  slug?: { value: string; line: number };
  updatedAt?: { value: string; line: number };
}

/** Splits on LF, dropping the CR of CRLF: line i (0-based) is line i + 1 of the original input. */
export function splitLines(source: string): string[] {
  const lines = source.split('\n');
  if (!source.includes('\r')) return lines;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.endsWith('\r')) lines[i] = line.slice(0, -1);
  }
  return lines;
}
