/**
 * Guide parsing and import: the one entry point for both layouts.
 *
 * - Plain text copied from a career-guide page ("<Role> Career Path Guide" on the first line): the
 *   encoding damage is repaired (see encoding.ts), the sections are recognised by their headings
 *   (see text-parser.ts) and the page chrome is dropped.
 * - Canonical Markdown (`---` front matter first; see markdown.ts), what content/guides/ holds.
 *
 * On any bad input these functions throw a GuideParseError (`file:line: reason`, line 1-based in the
 * original input) and nothing else.
 */
import { ParseContext, GuideParseError } from './errors';
import { repairEncoding } from './encoding';
import type { ParsedGuide } from './guide';
import { looksLikeMarkdownGuide, parseMarkdownGuide } from './markdown';
import { renderGuideMarkdown } from './markdown-render';
import { isValidSlug, slugify } from './fields';
import { splitLines, type GuideContent, type ParsedLayout } from './layout';
import { looksLikeTextGuide, parseTextGuide } from './text-parser';
import { LIMITS } from '../shared/limits';

export { renderGuideMarkdown };

export interface ParseOptions {
  /** Shown in errors: a path, an s3:// URI, … */
  file: string;
  /**
   * The slug the caller expects, e.g. from the file name `<slug>.md`. Default: the front matter's
   * `slug`, else derived from the title (kebab-case ASCII). When both this and a front matter slug
   * are given and differ, that is an error (at the front matter's `slug` line).
   */
  slug?: string;
  /**
   * When the source last changed (ISO 8601), used when the source does not say itself: the canonical
   * front matter's `updatedAt` wins when present. Callers pass the file's mtime (or the S3 object's
   * LastModified). Required for sources without one (every plain-text page copy): there is no
   * made-up default, so a missing time is an error rather than a silently wrong date.
   */
  updatedAt?: string;
}

/**
 * Parses a guide in either layout; throws GuideParseError (only) on bad input. The content hash is not
 * part of parsing: withContentHash adds it where it is compared or served.
 */
export function parseGuide(source: string, options: ParseOptions): ParsedGuide {
  const file = typeof options?.file === 'string' && options.file !== '' ? options.file : '<input>';
  try {
    return parse(source, options, new ParseContext(file));
  } catch (error) {
    if (error instanceof GuideParseError) throw error;
    // Last resort, by design unreachable: the contract is "GuideParseError and nothing else".
    const detail = error instanceof Error ? error.message : String(error);
    throw new GuideParseError(file, 1, `internal error: ${detail}`, { cause: error });
  }
}

/** The canonical Markdown of a guide given in either layout (what `careerwire guide import` writes). */
export function importGuide(source: string, options: ParseOptions): string {
  return renderGuideMarkdown(parseGuide(source, options));
}

function parse(source: string, options: ParseOptions, ctx: ParseContext): ParsedGuide {
  if (typeof source !== 'string') ctx.fail(1, 'source is not text');
  // UTF-8 takes 1 to 3 bytes per UTF-16 unit: count bytes only when the length leaves it open.
  const limit = LIMITS.guideFileBytes;
  if (source.length > limit || (source.length * 3 > limit && Buffer.byteLength(source, 'utf8') > limit)) {
    ctx.fail(1, `file is larger than ${limit} bytes`);
  }
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  if (!/\S/.test(text)) ctx.fail(1, 'empty file');

  let layout: ParsedLayout;
  const firstBreak = text.indexOf('\n');
  if (looksLikeMarkdownGuide([firstBreak === -1 ? text : text.slice(0, firstBreak)])) {
    // The canonical file is authoritative and parsed exactly as written (no encoding repair).
    layout = parseMarkdownGuide(splitLines(text), ctx);
  } else {
    const lines = splitLines(repairEncoding(text));
    if (!looksLikeTextGuide(lines)) {
      const first = lines.findIndex((l) => l.trim() !== '');
      ctx.fail(first + 1, "not a guide: expected a '<Role> Career Path Guide' title line or '---' front matter");
    }
    layout = parseTextGuide(lines, ctx);
  }

  const slug = resolveSlug(layout, options, ctx);
  const updatedAt = resolveUpdatedAt(layout, options, ctx);
  const content = normalize(layout.content);
  const { title, summary, growthRatePercent, workArrangement, marketDemand, salary, coreFunctions, responsibilities,
    workSetting, techStack, education, skills, careerTiers, globalOutlook, jobMarket, dayInTheLife, workLifeBalance,
    skillMap, pros, cons, commonMistakes, advice, caseStudies, portfolioTips, outlook, relatedRoles, faq } = content;
  // Built field by field so that the JSON reads in the documented order.
  return {
    slug, title, summary, growthRatePercent, workArrangement, marketDemand, salary, coreFunctions, responsibilities,
    workSetting, techStack, education, skills, careerTiers, globalOutlook, jobMarket, dayInTheLife, workLifeBalance,
    skillMap, pros, cons, commonMistakes, advice, caseStudies, portfolioTips, outlook, relatedRoles, faq, updatedAt,
  };
}

function resolveSlug(layout: ParsedLayout, options: ParseOptions, ctx: ParseContext): string {
  const wanted = options.slug;
  if (wanted !== undefined && !isValidSlug(wanted)) {
    ctx.fail(layout.slug?.line ?? 1, `slug '${wanted}' is not kebab-case ASCII (a-z, 0-9, '-')`);
  }
  if (layout.slug) {
    const { value, line } = layout.slug;
    if (!isValidSlug(value)) ctx.fail(line, `slug '${value}' is not kebab-case ASCII (a-z, 0-9, '-')`);
    if (wanted !== undefined && wanted !== value) ctx.fail(line, `slug '${value}' does not match '${wanted}' (the file name)`);
    return value;
  }
  if (wanted !== undefined) return wanted;
  const derived = slugify(layout.content.title);
  if (derived === '') ctx.fail(layout.titleLine, `cannot derive a slug from the title '${layout.content.title}'`);
  return derived;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** ISO 8601 with a time zone → the UTC `toISOString()` form; null when not such a time. */
function normalizeTime(value: string): string | null {
  if (!ISO_TIME.test(value)) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function resolveUpdatedAt(layout: ParsedLayout, options: ParseOptions, ctx: ParseContext): string {
  if (layout.updatedAt) {
    const { value, line } = layout.updatedAt;
    const time = normalizeTime(value);
    if (time === null) ctx.fail(line, `updatedAt '${value}' is not an ISO 8601 time like 2026-11-01T00:00:00.000Z`);
    return time;
  }
  if (options.updatedAt === undefined) {
    ctx.fail(1, 'updatedAt unknown: the guide does not state it and the caller passed none (the file time)');
  }
  const time = normalizeTime(options.updatedAt);
  if (time === null) ctx.fail(1, `updatedAt '${options.updatedAt}' is not an ISO 8601 time`);
  return time;
}

/** Empty optional parts are absent: the same guide whichever layout it came from. */
function normalize(content: GuideContent): GuideContent {
  const balance = content.workLifeBalance;
  const outlook = content.outlook;
  return {
    ...content,
    workSetting: content.workSetting === '' ? null : content.workSetting,
    education: { ...content.education, level: content.education.level === '' ? null : content.education.level },
    salary: content.salary && { ...content.salary, topEarnersNote: content.salary.topEarnersNote || null },
    workLifeBalance:
      balance && (balance.stressLevel !== null || balance.balanceRating !== null || balance.text.length > 0) ? balance : null,
    outlook: outlook && (outlook.growthRatePercent !== null || outlook.status !== null || outlook.source !== null) ? outlook : null,
  };
}
