/**
 * Plain text out of feed HTML, with a real HTML parser (htmlparser2, callback mode: no DOM is built).
 *
 * - The contents of script, style, noscript, iframe, svg, template, object and head are dropped, and
 *   so are images (tracking pixels) and every attribute: nothing from markup reaches the text.
 * - Entities are decoded once; whitespace (including no-break spaces) is collapsed.
 * - Block elements and <br> separate words, and start a new sentence when the previous block did not
 *   end one ("Duties. Plan the rota. Ship it"); inline elements (<b>, <a>, <span>…) do not separate.
 * - Parsing stops as soon as enough text for the requested length has been collected, and at markup
 *   nested deeper than FEED_LIMITS.maxElementDepth (garbage, and quadratic for htmlparser2).
 * - Input is cut first (cutText): at most FEED_LIMITS.htmlInputChars of HTML, FEED_LIMITS.fieldInputChars
 *   of a short field, so no regex here ever sees more than that.
 */
import { Parser } from 'htmlparser2';
import { FEED_LIMITS } from '../shared/limits';
import { collapseWhitespace, cutText, truncateWords } from './text';

/** Elements whose whole content is never text. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'iframe', 'frame', 'frameset', 'svg', 'math', 'template', 'object',
  'embed', 'applet', 'head', 'title', 'canvas', 'audio', 'video', 'picture', 'select', 'textarea', 'button',
]);

/** Elements that separate words. */
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'img',
  'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th',
  'thead', 'tr', 'ul', 'body', 'html', 'input', 'option',
]);

const NOT_BLANK = /[^\s\u00a0\u200b\ufeff]/;
/** Characters after which a block boundary needs no added period. */
const SENTENCE_END = new Set(['.', '!', '?', ':', ';', '…', ',', ')', ']', '"', "'", '»', '”', '’', '-']);

function isBlank(code: number): boolean {
  return code <= 0x20 || code === 0xa0 || code === 0x200b || code === 0xfeff || code === 0x2028 || code === 0x2029;
}

/** Whether the text so far ends a sentence (or clause): its last non-blank character. */
function endsSentence(parts: readonly string[]): boolean {
  for (let i = parts.length - 1; i >= 0; i--) {
    const part = parts[i] ?? '';
    for (let k = part.length - 1; k >= 0; k--) {
      if (!isBlank(part.charCodeAt(k))) return SENTENCE_END.has(part.charAt(k));
    }
  }
  return true;
}

/**
 * Plain text of an HTML fragment, at most `maxChars` characters (cut on a word boundary with "…").
 * Never throws; an empty or markup-only fragment gives "".
 */
export function htmlToText(input: string, maxChars: number = Number.POSITIVE_INFINITY): string {
  if (input.length === 0) return '';
  const html = cutText(input, FEED_LIMITS.htmlInputChars);
  // Fast path: nothing to parse or decode.
  if (html.indexOf('<') === -1 && html.indexOf('&') === -1) {
    return truncateWords(collapseWhitespace(html), maxChars);
  }
  const parts: string[] = [];
  let length = 0;
  let dropDepth = 0;
  // Set at a block boundary; the next text then starts a new sentence (". ") unless the previous text
  // already ended one, so "<h3>Duties</h3><ul><li>Plan</li><li>Ship</li></ul>" reads "Duties. Plan. Ship".
  let boundary = false;
  // Stop parsing once a little more text than needed is collected (the word-boundary cut needs the
  // whole last word); if whitespace collapsing leaves too little, parsing resumes for more.
  let enough = maxChars === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : maxChars + 64;
  let paused = false;
  // Open elements (htmlparser2 reports a close for every open, void ones included).
  let depth = 0;
  let tooDeep = false;
  const parser: Parser = new Parser(
    {
      onopentag(name) {
        if (++depth > FEED_LIMITS.maxElementDepth) {
          tooDeep = true;
          parser.pause();
          return;
        }
        if (DROPPED.has(name)) dropDepth++;
        else if (BLOCK.has(name)) boundary = true;
      },
      onclosetag(name) {
        depth--;
        if (DROPPED.has(name)) {
          if (dropDepth > 0) dropDepth--;
        } else if (BLOCK.has(name)) boundary = true;
      },
      ontext(text) {
        if (dropDepth > 0) return;
        if (boundary) {
          if (!NOT_BLANK.test(text)) return; // whitespace between blocks: the separator below stands for it
          boundary = false;
          if (length > 0) parts.push(endsSentence(parts) ? ' ' : '. ');
        }
        parts.push(text);
        length += text.length;
        if (length > enough) {
          paused = true;
          parser.pause();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: true },
  );
  let text = '';
  try {
    parser.write(html);
    while (paused && !tooDeep) {
      text = collapseWhitespace(parts.join(''));
      if (text.length > maxChars) break;
      enough *= 2;
      paused = false;
      parser.resume();
    }
    if (tooDeep) text = collapseWhitespace(parts.join(''));
    else if (!paused) {
      parser.end();
      text = collapseWhitespace(parts.join(''));
    }
  } catch {
    // htmlparser2 is forgiving and should not throw; if it ever does, keep what was collected.
    text = collapseWhitespace(parts.join(''));
  }
  return truncateWords(text, maxChars);
}

/**
 * A short plain-text field (title, company, industry…): entities decoded, any markup dropped,
 * whitespace collapsed, at most `maxChars` characters.
 */
export function cleanText(value: string, maxChars: number): string {
  return htmlToText(cutText(value, FEED_LIMITS.fieldInputChars), maxChars);
}
