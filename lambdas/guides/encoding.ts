/**
 * Repair of "mojibake": UTF-8 text that was decoded with a single-byte code page.
 *
 * Guides arrive copied from web pages whose UTF-8 was read as windows-1253 (Greek), with windows-1252
 * used for the bytes 1253 leaves undefined: `β€”` is E2 80 94, i.e. `—`; `πŸ“ˆ` is F0 9F 93 88, `📈`.
 * Plain windows-1252 damage (`â€”`, `â€™`) is the same mistake with the other code page.
 *
 * The repair maps every character back to the byte it came from and replaces only runs that form a
 * valid UTF-8 multi-byte sequence (lead C2–F4, the right number of 80–BF continuation bytes, no
 * overlong forms, no surrogates, nothing above U+10FFFF, no C1 controls). Everything else is left as
 * it is: intact `’`, `•`, `❌`, a Greek word like "αβγ" or a lone "β" survive, because Greek letters
 * never map to continuation bytes.
 *
 * Pure and allocation-light: one pass over the string, no regular expressions.
 */

const UNDEFINED = '\ufffd';

/**
 * Bytes 0x80–0xFF of windows-1253, as decoded by the Microsoft tables (Python's cp1253 codec);
 * U+FFFD marks the bytes the code page leaves undefined.
 */
export const CP1253_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\ufffd\u2030\ufffd\u2039\ufffd\ufffd\ufffd\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\ufffd\u2122\ufffd\u203a\ufffd\ufffd\ufffd\ufffd' +
  '\u00a0\u0385\u0386\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\ufffd\u00ab\u00ac\u00ad\u00ae\u2015' +
  '\u00b0\u00b1\u00b2\u00b3\u0384\u00b5\u00b6\u00b7\u0388\u0389\u038a\u00bb\u038c\u00bd\u038e\u038f' +
  '\u0390\u0391\u0392\u0393\u0394\u0395\u0396\u0397\u0398\u0399\u039a\u039b\u039c\u039d\u039e\u039f' +
  '\u03a0\u03a1\ufffd\u03a3\u03a4\u03a5\u03a6\u03a7\u03a8\u03a9\u03aa\u03ab\u03ac\u03ad\u03ae\u03af' +
  '\u03b0\u03b1\u03b2\u03b3\u03b4\u03b5\u03b6\u03b7\u03b8\u03b9\u03ba\u03bb\u03bc\u03bd\u03be\u03bf' +
  '\u03c0\u03c1\u03c2\u03c3\u03c4\u03c5\u03c6\u03c7\u03c8\u03c9\u03ca\u03cb\u03cc\u03cd\u03ce\ufffd';

/** Bytes 0x80–0xFF of windows-1252 (Python's cp1252 codec); U+FFFD marks undefined bytes. */
export const CP1252_HIGH =
  '\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
  '\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178' +
  '\u00a0\u00a1\u00a2\u00a3\u00a4\u00a5\u00a6\u00a7\u00a8\u00a9\u00aa\u00ab\u00ac\u00ad\u00ae\u00af' +
  '\u00b0\u00b1\u00b2\u00b3\u00b4\u00b5\u00b6\u00b7\u00b8\u00b9\u00ba\u00bb\u00bc\u00bd\u00be\u00bf' +
  '\u00c0\u00c1\u00c2\u00c3\u00c4\u00c5\u00c6\u00c7\u00c8\u00c9\u00ca\u00cb\u00cc\u00cd\u00ce\u00cf' +
  '\u00d0\u00d1\u00d2\u00d3\u00d4\u00d5\u00d6\u00d7\u00d8\u00d9\u00da\u00db\u00dc\u00dd\u00de\u00df' +
  '\u00e0\u00e1\u00e2\u00e3\u00e4\u00e5\u00e6\u00e7\u00e8\u00e9\u00ea\u00eb\u00ec\u00ed\u00ee\u00ef' +
  '\u00f0\u00f1\u00f2\u00f3\u00f4\u00f5\u00f6\u00f7\u00f8\u00f9\u00fa\u00fb\u00fc\u00fd\u00fe\u00ff';

/** Every character of both tables is in the BMP below U+2200, so a flat lookup table suffices. */
const TABLE_SIZE = 0x2200;
const BYTE_OF: Int16Array = buildReverseMap();

function buildReverseMap(): Int16Array {
  const map = new Int16Array(TABLE_SIZE).fill(-1);
  const add = (table: string): void => {
    for (let i = 0; i < 128; i++) {
      const code = table.charCodeAt(i);
      // windows-1253 first; windows-1252 only fills what 1253 leaves undefined (no character is
      // defined in both at different bytes, so the order only matters for clarity).
      if (table[i] !== UNDEFINED && code < TABLE_SIZE && map[code] === -1) map[code] = 0x80 + i;
    }
  };
  add(CP1253_HIGH);
  add(CP1252_HIGH);
  // Undefined bytes decode to the C1 control of the same value in WHATWG/ICU decoders.
  for (let code = 0x80; code <= 0x9f; code++) if (map[code] === -1) map[code] = code;
  return map;
}

/** The byte a character stands for in windows-1253/1252 mojibake, or -1 when it is not one of them. */
export function mojibakeByte(charCode: number): number {
  return charCode < TABLE_SIZE ? (BYTE_OF[charCode] ?? -1) : -1;
}

/**
 * If a valid UTF-8 multi-byte sequence starts at `i` (in mojibake characters), the number of
 * characters it spans and the decoded code point; otherwise null.
 */
export function decodeMojibakeAt(text: string, i: number): { length: number; codePoint: number } | null {
  const lead = mojibakeByte(text.charCodeAt(i));
  if (lead < 0xc2 || lead > 0xf4) return null;
  const continuations = lead < 0xe0 ? 1 : lead < 0xf0 ? 2 : 3;
  if (i + continuations >= text.length) return null;
  let codePoint = lead & (continuations === 1 ? 0x1f : continuations === 2 ? 0x0f : 0x07);
  for (let k = 1; k <= continuations; k++) {
    const byte = mojibakeByte(text.charCodeAt(i + k));
    if (byte < 0x80 || byte > 0xbf) return null;
    if (k === 1) {
      // Second-byte restrictions of RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF.
      if (lead === 0xe0 && byte < 0xa0) return null;
      if (lead === 0xed && byte > 0x9f) return null;
      if (lead === 0xf0 && byte < 0x90) return null;
      if (lead === 0xf4 && byte > 0x8f) return null;
    }
    codePoint = (codePoint << 6) | (byte & 0x3f);
  }
  // A C1 control is never what a page meant ("Β’" is a Greek capital beta and a quote, not U+0092).
  if (codePoint <= 0x9f) return null;
  return { length: continuations + 1, codePoint };
}

/** Replaces every mojibake sequence by the character it encodes; returns `text` itself when clean. */
/** Characters that stand for lead bytes C2–F4: Â–ô (windows-1252) and Β–τ (windows-1253). */
const LEAD = /[\u00c2-\u00f4\u0392-\u03c4]/g;

export function repairEncoding(text: string): string {
  let out = '';
  let copied = 0;
  LEAD.lastIndex = 0;
  // The regex engine skips to candidate lead characters much faster than a charCodeAt loop.
  for (let match = LEAD.exec(text); match !== null; match = LEAD.exec(text)) {
    const i = match.index;
    const hit = decodeMojibakeAt(text, i);
    if (hit === null) continue;
    out += text.slice(copied, i) + String.fromCodePoint(hit.codePoint);
    copied = i + hit.length;
    LEAD.lastIndex = copied;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
