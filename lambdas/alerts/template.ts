/**
 * Fills the email templates that bin/build-emails.ts compiles from MJML at build time. A template has
 * text slots `{{name}}`, whose values are always HTML-escaped (the same escaping is safe in text and in
 * quoted attribute values), and block slots `{{#name}}`, which take only Html made by templates, so a
 * feed's string can never reach the output unescaped. Each template is parsed once, at module load.
 */
import { escapeHtml } from '../shared/html';

declare const HTML: unique symbol;
/** Markup made by a template (or joined from such markup); never built from a plain string. */
export type Html = string & { readonly [HTML]: true };

export interface TemplateSpec {
  readonly text: readonly string[];
  readonly blocks: readonly string[];
  readonly html: string;
}

export type TemplateValues<S extends TemplateSpec> = { readonly [K in S['text'][number]]: string | number } & {
  readonly [K in S['blocks'][number]]: Html;
};

export type Template<S extends TemplateSpec> = (values: TemplateValues<S>) => Html;

export const EMPTY_HTML = '' as Html;

const SLOT = /\{\{(#?)([A-Za-z][A-Za-z0-9]*)\}\}/g;

export function compileTemplate<S extends TemplateSpec>(spec: S, name = 'template'): Template<S> {
  const statics: string[] = [];
  const keys: string[] = [];
  const blocks: boolean[] = [];
  let last = 0;
  for (const m of spec.html.matchAll(SLOT)) {
    statics.push(spec.html.slice(last, m.index));
    blocks.push(m[1] === '#');
    keys.push(m[2]!);
    last = m.index + m[0].length;
  }
  statics.push(spec.html.slice(last));
  const declared = new Set([...spec.text, ...spec.blocks]);
  for (const key of keys) {
    if (!declared.has(key)) throw new Error(`${name}: slot "${key}" is not declared`);
  }
  const first = statics[0]!;
  const count = keys.length;

  // Typed by slot name for callers; read here by the names the markup holds.
  const fill = (values: Readonly<Record<string, string | number | undefined>>): Html => {
    let out = first;
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const value = values[key];
      if (value === undefined) throw new Error(`${name}: slot "${key}" has no value`);
      out += blocks[i] ? value : escapeHtml(typeof value === 'number' ? String(value) : value);
      out += statics[i + 1]!;
    }
    return out as Html;
  };
  return fill;
}

/** Markup of several filled blocks, in order. */
export function joinHtml(parts: readonly Html[]): Html {
  return parts.join('') as Html;
}
