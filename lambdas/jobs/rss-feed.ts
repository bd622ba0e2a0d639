/**
 * RSS 2.0 job feeds, read with htmlparser2 in XML mode (callbacks, no DOM): <rss><channel><item>…
 * with title, link, guid, pubDate, description (escaped HTML or CDATA), category (repeated), and the
 * common job extensions where present — job:company / company, job:location / location / region,
 * job:type, job:salary (free text or min/max/currency/period parts), job:level, job:industry,
 * media:content / media:thumbnail / enclosure (logo). Boards that have no company element put it in
 * the title ("Company: Role", "Role at Company") or in dc:creator; failing both, the job is kept with
 * the company "Unknown" (companyFrom says which, for the sync's counts).
 *
 * The feed is rejected as a whole (an error, no items) when it is not XML, its root is not <rss> (Atom,
 * RSS 1.0/RDF, an HTML page), it has no <channel>, it ends before </rss> (truncated), or its elements
 * nest deeper than FEED_LIMITS.maxElementDepth (which would make the parser quadratic).
 */
import { Parser } from 'htmlparser2';
import { FEED_LIMITS } from '../shared/limits';
import { cutText } from './text';
import type { RawJob } from './normalise';
import { isTypeWord } from './taxonomy';

interface FieldValue {
  text: string;
  attrs: Record<string, string>;
  /** The element held child elements (raw, unescaped markup): `text` is already plain text. */
  hadElements: boolean;
}

/** One <item>: its child elements by lower-cased name, in order. */
export interface RssItem {
  fields: Map<string, FieldValue[]>;
  /** URLs of image-like media found anywhere in the item (media:content, media:thumbnail, enclosure). */
  images: string[];
}

export type RssFeedRead = { ok: true; items: RssItem[]; total: number } | { ok: false; error: string };

/** Markup inside a field whose content is never text (raw HTML pasted into a description). */
const DROPPED = new Set(['script', 'style', 'noscript', 'iframe', 'svg', 'template', 'object', 'head', 'title', 'img']);

/** Reads the items of an RSS 2.0 body, at most `maxItems` (the rest are only counted). */
export function readRssFeed(body: string, maxItems: number): RssFeedRead {
  let error: string | null = null;
  const stack: string[] = [];
  let rootSeen = false;
  let channelSeen = false;
  let rssClosed = false;
  let textBeforeRoot = false;
  const items: RssItem[] = [];
  let total = 0;
  let item: RssItem | null = null;
  let itemDepth = -1;
  let field: { name: string; value: FieldValue; parts: string[]; drop: number } | null = null;

  const fail = (message: string): void => {
    if (error === null) error = message;
    parser.pause();
  };

  const parser: Parser = new Parser(
    {
      onopentag(rawName, attrs) {
        const name = rawName.toLowerCase();
        const depth = stack.length;
        stack.push(name);
        if (depth >= FEED_LIMITS.maxElementDepth) return fail(`malformed XML feed: elements nested more than ${FEED_LIMITS.maxElementDepth} deep`);
        if (!rootSeen) {
          rootSeen = true;
          if (textBeforeRoot) return fail('not an XML feed: text before the root element');
          if (name === 'feed') return fail('not an RSS 2.0 feed: Atom feeds are not supported');
          if (name === 'rdf:rdf') return fail('not an RSS 2.0 feed: RSS 1.0 (RDF) feeds are not supported');
          if (name !== 'rss') return fail(`not an RSS 2.0 feed: the root element is <${rawName.slice(0, 40)}>`);
          return;
        }
        if (depth === 1 && name === 'channel' && stack[0] === 'rss') channelSeen = true;
        if (depth === 2 && name === 'item' && stack[1] === 'channel') {
          total++;
          item = { fields: new Map(), images: [] };
          itemDepth = depth;
          return;
        }
        if (item === null) return;
        if (name === 'media:content' || name === 'media:thumbnail' || name === 'enclosure') {
          const url = attrs.url;
          const kind = `${attrs.medium ?? ''} ${attrs.type ?? ''}`.toLowerCase();
          const imageLike = name === 'media:thumbnail' || kind.includes('image') || (kind.trim() === '' && name === 'media:content');
          if (url && imageLike) item.images.push(url);
        }
        if (depth === itemDepth + 1) {
          field = { name, value: { text: '', attrs, hadElements: false }, parts: [], drop: 0 };
        } else if (field !== null) {
          field.value.hadElements = true;
          if (DROPPED.has(name)) field.drop++;
          else field.parts.push(' ');
        }
      },
      onclosetag(rawName, isImplied) {
        const name = rawName.toLowerCase();
        const depth = stack.length - 1;
        stack.pop();
        if (depth === 0 && name === 'rss') {
          rssClosed = !isImplied;
          return;
        }
        if (item !== null && depth === itemDepth) {
          if (items.length < maxItems) items.push(item);
          item = null;
          itemDepth = -1;
          return;
        }
        if (field === null) return;
        if (depth === itemDepth + 1) {
          field.value.text = field.parts.join('');
          const list = item?.fields.get(field.name);
          if (list) list.push(field.value);
          else item?.fields.set(field.name, [field.value]);
          field = null;
        } else if (DROPPED.has(name)) {
          if (field.drop > 0) field.drop--;
        } else {
          field.parts.push(' ');
        }
      },
      ontext(text) {
        if (!rootSeen) {
          if (text.trim() !== '') textBeforeRoot = true;
          return;
        }
        if (field !== null && field.drop === 0) field.parts.push(text);
      },
    },
    { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true },
  );

  try {
    parser.write(body);
    if (error === null) parser.end();
  } catch (e) {
    return { ok: false, error: `malformed XML feed: ${(e as Error).message}` };
  }
  if (error !== null) return { ok: false, error };
  if (!rootSeen) return { ok: false, error: 'not an XML feed: no root element' };
  if (!channelSeen) return { ok: false, error: 'RSS feed has no <channel>' };
  if (!rssClosed) return { ok: false, error: 'truncated RSS feed: </rss> is missing' };
  return { ok: true, items, total };
}

const EXTENSION_PREFIXES = ['job:', 'jobs:', ''];

function first(item: RssItem, ...names: string[]): FieldValue | null {
  for (const name of names) {
    const values = item.fields.get(name);
    if (values) {
      for (const value of values) if (value.text.trim() !== '' || Object.keys(value.attrs).length > 0) return value;
    }
  }
  return null;
}

/** The text of the first non-empty field among `names`, each tried with the job extension prefixes. */
function ext(item: RssItem, ...names: string[]): string | null {
  for (const name of names) {
    for (const prefix of EXTENSION_PREFIXES) {
      const value = first(item, prefix + name);
      if (value !== null && value.text.trim() !== '') return value.text;
    }
  }
  return null;
}

/** The non-empty texts of every field among `names` (with the extension prefixes), at most FEED_LIMITS.listItems. */
function all(item: RssItem, ...names: string[]): string[] {
  const out: string[] = [];
  for (const name of names) {
    for (const prefix of EXTENSION_PREFIXES) {
      for (const value of item.fields.get(prefix + name) ?? []) {
        if (out.length >= FEED_LIMITS.listItems) return out;
        if (value.text.trim() !== '') out.push(value.text);
      }
    }
  }
  return out;
}

const LEVEL_WORDS = /^(?:entry|junior|mid|midweight|senior|lead|principal|intern|graduate|any)(?:[\s-]level)?$/i;
const GEO_WORDS = /^(?:remote|anywhere|worldwide|global|usa|us|uk|europe|canada|emea|latam|apac|united states|united kingdom)$/i;

/** Longest company name a title convention may give: more is a sentence, not a name. */
const TITLE_COMPANY_CHARS = 80;
/** A name starts with a capital or a digit: "… at all" or "… at scale" is not "Role at Company". */
const NAME_START = /^[\p{Lu}\p{N}]/u;
/** Title prefixes that are not companies ("Remote: Nurse", "Urgent: Biller"). */
const NOT_COMPANY = /^(?:remote|hiring|urgent|new|now hiring|job|jobs|featured|wanted|full[\s-]?time|part[\s-]?time|contract)$/i;

/**
 * The company and role of a title written "Company: Role" (We Work Remotely) or "Role at Company"
 * (Himalayas, many others); null when it follows neither. indexOf, no regex over the title.
 */
export function companyFromTitle(fullTitle: string): { company: string; title: string } | null {
  const title = cutText(fullTitle, FEED_LIMITS.fieldInputChars).trim();
  const colon = title.indexOf(': ');
  if (colon > 0) {
    const company = title.slice(0, colon).trim();
    const role = title.slice(colon + 2).trim();
    if (role !== '' && plausibleName(company) && !NOT_COMPANY.test(company)) return { company, title: role };
  }
  const at = title.toLowerCase().lastIndexOf(' at ');
  if (at > 0) {
    const role = title.slice(0, at).trim();
    const company = title.slice(at + 4).trim();
    if (role !== '' && plausibleName(company)) return { company, title: role };
  }
  return null;
}

const plausibleName = (text: string): boolean => text !== '' && text.length <= TITLE_COMPANY_CHARS && NAME_START.test(text);

/** One RSS item as a RawJob (source id: guid, else link). */
export function rssItemToRaw(item: RssItem): RawJob {
  const guid = first(item, 'guid')?.text.trim() || null;
  const link = first(item, 'link')?.text.trim() || null;
  const description = first(item, 'description') ?? first(item, 'content:encoded');
  // Cut before the word tests below; normalise cuts every other field.
  const categories = all(item, 'category').map((c) => cutText(c, FEED_LIMITS.fieldInputChars));
  const explicitIndustries = all(item, 'industry');
  // Without an industry element, categories that are not job types, levels or places stand for it.
  const industries =
    explicitIndustries.length > 0
      ? explicitIndustries
      : categories.filter((c) => !isTypeWord(c) && !LEVEL_WORDS.test(c.trim()) && !GEO_WORDS.test(c.trim()));
  const explicitTypes = all(item, 'type', 'jobtype', 'employmenttype')
    .flatMap((t) => cutText(t, FEED_LIMITS.fieldInputChars).split(','))
    .slice(0, FEED_LIMITS.listItems);
  // Without a type element, categories that are job types ("Full Time", "Contract") stand for it.
  const types = explicitTypes.length > 0 ? explicitTypes : categories.filter((c) => isTypeWord(c));
  const logo = ext(item, 'logo', 'companylogo') ?? item.images[0] ?? null;
  const hasLevel = EXTENSION_PREFIXES.some((p) => item.fields.has(`${p}level`) || item.fields.has(`${p}experiencelevel`));
  const rawTitle = first(item, 'title')?.text ?? null;
  const element = ext(item, 'company', 'companyname');
  const fromTitle = element === null && rawTitle !== null ? companyFromTitle(rawTitle) : null;
  const creator = first(item, 'dc:creator')?.text ?? null;
  const named: Pick<RawJob, 'title' | 'company' | 'companyFrom'> =
    element !== null
      ? { title: rawTitle, company: element }
      : fromTitle !== null
        ? { title: fromTitle.title, company: fromTitle.company, companyFrom: 'title' }
        : creator !== null && creator.trim() !== ''
          ? { title: rawTitle, company: creator, companyFrom: 'creator' }
          : { title: rawTitle, company: null, companyFrom: 'unknown' };
  return {
    sourceId: guid ?? link,
    ...named,
    companyLogo: logo,
    industries,
    types,
    geo: ext(item, 'location', 'region', 'geo'),
    level: hasLevel ? ext(item, 'level', 'experiencelevel') : undefined,
    descriptionHtml: description !== null && !description.hadElements ? description.text : null,
    descriptionText: description !== null && description.hadElements ? description.text : null,
    excerptHtml: null,
    postedAt: first(item, 'pubdate')?.text ?? first(item, 'dc:date')?.text ?? undefined,
    url: link,
    salary: {
      min: ext(item, 'salarymin', 'salary_min') ?? undefined,
      max: ext(item, 'salarymax', 'salary_max') ?? undefined,
      currency: ext(item, 'salarycurrency', 'currency') ?? undefined,
      period: ext(item, 'salaryperiod', 'salary_period') ?? undefined,
      text: ext(item, 'salary') ?? undefined,
    },
    tags: [...categories, ...types],
  };
}
