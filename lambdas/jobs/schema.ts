/** JSON schemas of jobs as the API serves and accepts them (published in /openapi.json). */
import type { Schema } from '../http/schema';

const str: Schema = { type: 'string' };
const strings: Schema = { type: 'array', items: str };
const nullableStr: Schema = { nullable: str };
const nullableNum: Schema = { nullable: { type: 'number' } };

export const JobSchema: Schema = {
  type: 'object',
  properties: {
    id: str,
    source: str,
    sourceId: str,
    title: str,
    company: str,
    companyLogo: nullableStr,
    industries: strings,
    types: strings,
    geo: str,
    remote: { type: 'boolean', description: 'Open to remote work: geo "Anywhere", a remote type or location, or "Remote" in the title.' },
    level: nullableStr,
    salary: {
      nullable: {
        type: 'object',
        properties: {
          min: nullableNum,
          max: nullableNum,
          currency: str,
          period: { nullable: { type: 'string', enum: ['year'] } },
          sourcePeriod: { nullable: { type: 'string', enum: ['year', 'month', 'week', 'day', 'hour'] } },
        },
        required: ['min', 'max', 'currency', 'period', 'sourcePeriod'],
        additionalProperties: false,
      },
    },
    postedAt: { type: 'string', format: 'date-time' },
    excerpt: str,
    url: { type: 'string', format: 'uri' },
    tags: strings,
    guideSlug: nullableStr,
    contentHash: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  required: [
    'id', 'source', 'sourceId', 'title', 'company', 'companyLogo', 'industries', 'types', 'geo', 'remote', 'level',
    'salary', 'postedAt', 'excerpt', 'url', 'tags', 'guideSlug', 'contentHash',
  ],
  additionalProperties: false,
};

export const JobListSchema: Schema = {
  type: 'object',
  properties: {
    items: { type: 'array', items: { $ref: '#/components/schemas/Job' } },
    nextCursor: { nullable: str },
  },
  required: ['items', 'nextCursor'],
  additionalProperties: false,
};

/** One job in POST /admin/jobs: the JSON feed item shape, checked loosely here and fully by the normaliser. */
export const AdminJobsBodySchema: Schema = {
  type: 'object',
  properties: {
    source: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'Feed name the jobs belong to (default "admin").' },
    jobs: {
      type: 'array',
      minItems: 1,
      maxItems: 100,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', minLength: 1, maxLength: 200 },
          url: { type: 'string', maxLength: 2048 },
          jobTitle: { type: 'string', minLength: 1, maxLength: 300 },
          companyName: { type: 'string', minLength: 1, maxLength: 300 },
        },
        required: ['id', 'url', 'jobTitle', 'companyName', 'pubDate'],
      },
    },
  },
  required: ['jobs'],
  additionalProperties: false,
};

export const AdminJobsResultSchema: Schema = {
  type: 'object',
  properties: {
    results: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          id: str,
          status: { type: 'string', enum: ['written', 'unchanged', 'rejected'] },
          reason: str,
        },
        required: ['index', 'status'],
      },
    },
  },
  required: ['results'],
};
