/** JSON schemas of jobs as the API serves and accepts them (published in /openapi.json). */
import { Nullable, StringEnum, Type } from '../http/schema';

const str = Type.String();
const strings = Type.Array(str);
const nullableStr = Nullable(str);
const nullableNum = Nullable(Type.Number());

export const JobSchema = Type.Object(
  {
    id: str,
    source: str,
    sourceId: str,
    title: str,
    company: str,
    companyLogo: nullableStr,
    industries: strings,
    types: strings,
    geo: str,
    remote: Type.Boolean({ description: 'Open to remote work: geo "Anywhere", a remote type or location, or "Remote" in the title.' }),
    level: nullableStr,
    salary: Nullable(
      Type.Object(
        {
          min: nullableNum,
          max: nullableNum,
          currency: str,
          period: Nullable(StringEnum(['year'])),
          sourcePeriod: Nullable(StringEnum(['year', 'month', 'week', 'day', 'hour'])),
        },
        { additionalProperties: false },
      ),
    ),
    postedAt: Type.String({ format: 'date-time' }),
    excerpt: str,
    url: Type.String({ format: 'uri' }),
    tags: strings,
    guideSlug: nullableStr,
    contentHash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { additionalProperties: false },
);

export const JobListSchema = Type.Object({ items: Type.Array(JobSchema), nextCursor: nullableStr }, { additionalProperties: false });

/** One job in POST /admin/jobs: the JSON feed item shape, checked loosely here and fully by the normaliser. */
export const AdminJobsBodySchema = Type.Object(
  {
    source: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$', description: 'Feed name the jobs belong to (default "admin").' })),
    jobs: Type.Array(
      Type.Object({
        id: Type.String({ minLength: 1, maxLength: 200 }),
        url: Type.String({ maxLength: 2048 }),
        jobTitle: Type.String({ minLength: 1, maxLength: 300 }),
        companyName: Type.String({ minLength: 1, maxLength: 300 }),
        pubDate: Type.Unknown({ description: 'When the job was posted: the feed formats the normaliser reads (ISO 8601, RFC 2822, epoch seconds).' }),
      }),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const AdminJobsResultSchema = Type.Object({
  results: Type.Array(
    Type.Object({
      index: Type.Integer(),
      id: Type.Optional(str),
      status: StringEnum(['written', 'unchanged', 'rejected']),
      reason: Type.Optional(str),
    }),
  ),
});
