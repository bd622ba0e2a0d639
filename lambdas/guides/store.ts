/**
 * Where guides live. The API and ingest depend on these interfaces; DynamoGuideStore is the one
 * implementation, and unit tests use an in-memory one.
 */
import { DeleteCommand, GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { batchGetAll, batchWriteAll, type BatchOptions } from '../shared/dynamo';
import { GuidesTable } from '../shared/tables';
import { summarize, type Guide, type GuideSummary } from './guide';

/** What job linking needs of a guide: its slug and its role names. */
export interface GuideRoles {
  slug: string;
  title: string;
  relatedTitles: string[];
}

export interface GuideReader {
  get(slug: string): Promise<Guide | null>;
  /** Every published guide's summary, in title order. */
  listSummaries(): Promise<GuideSummary[]>;
  /** Every published guide's role names (title and career-tier titles). */
  listRoles(): Promise<GuideRoles[]>;
}

export interface GuideWriter {
  /** Stored content hashes by slug, for the slugs that exist. */
  hashes(slugs: readonly string[]): Promise<Map<string, string>>;
  allSlugs(): Promise<string[]>;
  /** Replaces each guide whole (no field of an old version survives). */
  putAll(guides: readonly Guide[]): Promise<void>;
  remove(slug: string): Promise<void>;
}

export type GuideStore = GuideReader & GuideWriter;

const KIND = 'guide';

interface GuideItem extends GuideSummary {
  kind: typeof KIND;
  contentHash: string;
  roleTitles: string[];
  /** The whole Guide as JSON: one attribute, so a replace can never leave a field of an old version. */
  body: string;
}

export class DynamoGuideStore implements GuideStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly batch: BatchOptions = {},
  ) {}

  async get(slug: string): Promise<Guide | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { slug }, ProjectionExpression: '#b', ExpressionAttributeNames: { '#b': 'body' } }),
    );
    const body = out.Item?.body;
    return typeof body === 'string' ? (JSON.parse(body) as Guide) : null;
  }

  /** The stored content hash of a guide (a read of one small attribute), or null when there is none. */
  async contentHash(slug: string): Promise<string | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { slug }, ProjectionExpression: '#h', ExpressionAttributeNames: { '#h': 'contentHash' } }),
    );
    const hash = out.Item?.contentHash;
    return typeof hash === 'string' ? hash : null;
  }

  async listSummaries(): Promise<GuideSummary[]> {
    return (await this.queryIndex()).map(toSummary);
  }

  async listRoles(): Promise<GuideRoles[]> {
    return (await this.queryIndex()).map((item) => ({
      slug: item.slug as string,
      title: item.title as string,
      relatedTitles: Array.isArray(item.roleTitles) ? (item.roleTitles as string[]) : [],
    }));
  }

  private async queryIndex(): Promise<Record<string, unknown>[]> {
    const index = GuidesTable.globalSecondaryIndexes[0];
    const items: Record<string, unknown>[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: index.indexName,
          KeyConditionExpression: '#k = :k',
          ExpressionAttributeNames: { '#k': index.partitionKey.name },
          ExpressionAttributeValues: { ':k': KIND },
          ExclusiveStartKey: startKey,
        }),
      );
      items.push(...(out.Items ?? []));
      startKey = out.LastEvaluatedKey;
    } while (startKey !== undefined);
    return items;
  }

  async hashes(slugs: readonly string[]): Promise<Map<string, string>> {
    const items = await batchGetAll<{ slug: string; contentHash: string }>(
      this.doc,
      this.table,
      slugs.map((slug) => ({ slug })),
      ['slug', 'contentHash'],
      this.batch,
    );
    return new Map(items.map((item) => [item.slug, item.contentHash]));
  }

  async allSlugs(): Promise<string[]> {
    return (await this.listSummaries()).map((s) => s.slug);
  }

  async putAll(guides: readonly Guide[]): Promise<void> {
    await batchWriteAll(
      this.doc,
      this.table,
      guides.map((guide) => ({ PutRequest: { Item: toItem(guide) } })),
      this.batch,
    );
  }

  async remove(slug: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: { slug } }));
  }
}

function toItem(guide: Guide): GuideItem {
  return {
    ...summarize(guide),
    kind: KIND,
    contentHash: guide.contentHash,
    roleTitles: guide.careerTiers.map((tier) => tier.title),
    body: JSON.stringify(guide),
  };
}

function toSummary(item: Record<string, unknown>): GuideSummary {
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : null);
  const num = (name: string) => (typeof item[name] === 'number' ? (item[name] as number) : null);
  return {
    slug: item.slug as string,
    title: item.title as string,
    summary: text('summary') ?? '',
    growthRatePercent: num('growthRatePercent'),
    medianSalary: num('medianSalary'),
    salaryCurrency: text('salaryCurrency'),
    workArrangement: text('workArrangement'),
    updatedAt: text('updatedAt') ?? new Date(0).toISOString(),
  };
}
