/**
 * Plain-text helpers shared by the feed normaliser, the guide linker and the subscription preferences:
 * no HTML parser here, so modules that only tidy plain text (the api function's) do not load one.
 */

const WHITESPACE = /[\s\u00a0\u200b\u2028\u2029\ufeff]+/g;
// C0/C1 control characters except tab/newline/CR (which collapse to spaces anyway).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/** Anything collapseWhitespace would change: a control character, any space but a single " ", an edge space. */
const NEEDS_CLEANING = /[^\S ]|[\u0000-\u001f\u007f-\u009f\u200b]| {2}|^ | $/;

/**
 * The first `maxChars` UTF-16 units of `text` (not ending on half of a surrogate pair): how feed text is
 * bounded before anything parses it. Returns `text` itself when it is short enough.
 */
export function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const last = text.charCodeAt(maxChars - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? maxChars - 1 : maxChars);
}

/** Collapse whitespace runs to one space and trim; drop control characters. */
export function collapseWhitespace(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  const clean = HAS_CONTROL.test(text) ? text.replace(CONTROL, '') : text;
  return clean.replace(WHITESPACE, ' ').trim();
}

/**
 * Cut `text` (already collapsed) to at most `maxChars` characters on a word boundary, ending in "…"
 * when anything was cut. A single word longer than the limit is cut inside the word.
 */
export function truncateWords(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return '…'.slice(0, maxChars);
  const room = maxChars - 1; // for the ellipsis
  let cut = text.lastIndexOf(' ', room);
  if (cut <= room / 2) cut = room; // no usable boundary: cut inside the word
  let head = text.slice(0, cut).trimEnd();
  // Do not end on half of a surrogate pair.
  const last = head.charCodeAt(head.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) head = head.slice(0, -1);
  // Dangling punctuation before the ellipsis reads badly ("and, …"). A loop, not /[…]+$/: that regex
  // rescans the run from each of its characters (quadratic in the run's length).
  let end = head.length;
  while (end > 0 && DANGLING.has(head.charAt(end - 1))) end--;
  return `${head.slice(0, end)}…`;
}

const DANGLING = new Set([',', ';', ':', '–', '—', '-', ' ', '\t', '\n', '\r', '\u00a0']);

/**
 * `text` without leading characters of `lead` and trailing ones of `tail`. A loop, not
 * /^[…]+|[…]+$/: the second half rescans a run from each of its characters (quadratic in the run).
 */
export function trimChars(text: string, lead: ReadonlySet<string>, tail: ReadonlySet<string>): string {
  let start = 0;
  let end = text.length;
  while (start < end && lead.has(text.charAt(start))) start++;
  while (end > start && tail.has(text.charAt(end - 1))) end--;
  return text.slice(start, end);
}
