/**
 * The one HTML escaper of the pages, the emails and the site. The backtick is escaped too: old IE
 * took it as an attribute quote, so an unquoted-looking value could still break out of an attribute.
 */

const NEEDS_ESCAPE = /[&<>"'`]/;
const ESCAPABLE = /[&<>"'`]/g;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Safe in HTML text and in quoted attribute values (and in XML, whose parsers read the same references). */
export function escapeHtml(value: string): string {
  // Most values (names, titles) need nothing: the test spares them the replace and its copy.
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (c) => ENTITIES[c] ?? c) : value;
}
