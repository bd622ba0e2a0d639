/**
 * A DynamoDB table built from a `TableDefinition` (lambdas/shared/tables.ts), the record the local
 * stack and the tests also build their tables from. On-demand billing, point-in-time recovery,
 * server-side encryption with the AWS-managed key (or a given customer-managed key), TTL only when
 * the definition names an attribute, and the definition's GSIs. The physical name is left to
 * CloudFormation.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import type { IndexDefinition, KeyDefinition, TableDefinition } from '../../lambdas/shared/tables';

export interface CareerwireTableProps {
  readonly definition: TableDefinition;
  /** @default RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** @default true */
  readonly deletionProtection?: boolean;
  /** Customer-managed key; when absent the table uses the AWS-managed key (aws/dynamodb). */
  readonly encryptionKey?: kms.IKey;
}

/** DynamoDB limits on an index (name length and projected attributes across all indexes). */
const MAX_GSIS = 20;
const MAX_PROJECTED_ATTRIBUTES = 100;

export class CareerwireTable extends Construct {
  readonly table: dynamodb.Table;
  readonly definition: TableDefinition;

  constructor(scope: Construct, id: string, props: CareerwireTableProps) {
    super(scope, id);
    validateDefinition(this, props.definition);
    this.definition = props.definition;
    const def = props.definition;

    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: toAttribute(def.partitionKey),
      sortKey: def.sortKey ? toAttribute(def.sortKey) : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: props.encryptionKey,
      timeToLiveAttribute: def.timeToLiveAttribute,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });

    const tableKeys = [def.partitionKey.name, def.sortKey?.name].filter((name): name is string => name !== undefined);
    for (const index of def.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: toAttribute(index.partitionKey),
        sortKey: index.sortKey ? toAttribute(index.sortKey) : undefined,
        ...toProjection(index, tableKeys),
      });
    }
  }
}

function toAttribute(key: KeyDefinition): dynamodb.Attribute {
  return { name: key.name, type: key.type === 'S' ? dynamodb.AttributeType.STRING : dynamodb.AttributeType.NUMBER };
}

/**
 * ALL and KEYS_ONLY map one to one. A list becomes INCLUDE with the key attributes removed: DynamoDB
 * always projects the table and index keys, and refuses them in NonKeyAttributes. A list that holds
 * only keys is KEYS_ONLY.
 */
function toProjection(
  index: IndexDefinition,
  tableKeys: readonly string[],
): { projectionType: dynamodb.ProjectionType; nonKeyAttributes?: string[] } {
  if (index.projection === 'ALL') return { projectionType: dynamodb.ProjectionType.ALL };
  if (index.projection === 'KEYS_ONLY') return { projectionType: dynamodb.ProjectionType.KEYS_ONLY };
  const keys = new Set([...tableKeys, index.partitionKey.name, ...(index.sortKey ? [index.sortKey.name] : [])]);
  const nonKeyAttributes = index.projection.filter((name) => !keys.has(name));
  return nonKeyAttributes.length === 0
    ? { projectionType: dynamodb.ProjectionType.KEYS_ONLY }
    : { projectionType: dynamodb.ProjectionType.INCLUDE, nonKeyAttributes };
}

function validateDefinition(scope: Construct, def: TableDefinition): void {
  const problems: string[] = [];
  if (!/^[A-Z][A-Za-z0-9]{0,63}$/.test(def.id)) problems.push(`id must be PascalCase letters and digits, got "${def.id}"`);
  if (!/^[A-Z][A-Z0-9_]*$/.test(def.envVar)) problems.push(`envVar must be UPPER_SNAKE_CASE, got "${def.envVar}"`);

  // Every key attribute must keep one type across the table and its indexes (one AttributeDefinition).
  const types = new Map<string, string>();
  const checkKey = (where: string, key: KeyDefinition | undefined): void => {
    if (key === undefined) return;
    if (!/^[A-Za-z0-9_.-]{1,255}$/.test(key.name)) problems.push(`${where} key name "${key.name}" is invalid`);
    if (key.type !== 'S' && key.type !== 'N') problems.push(`${where} key "${key.name}" has type "${String(key.type)}"; use S or N`);
    const seen = types.get(key.name);
    if (seen !== undefined && seen !== key.type) problems.push(`key attribute "${key.name}" is both ${seen} and ${key.type}`);
    types.set(key.name, key.type);
  };
  checkKey('table partition', def.partitionKey);
  checkKey('table sort', def.sortKey);
  if (def.sortKey && def.sortKey.name === def.partitionKey.name) problems.push('the sort key repeats the partition key');
  if (def.timeToLiveAttribute !== undefined && !/^[A-Za-z0-9_.-]{1,255}$/.test(def.timeToLiveAttribute)) {
    problems.push(`timeToLiveAttribute "${def.timeToLiveAttribute}" is invalid`);
  }

  if (def.globalSecondaryIndexes.length > MAX_GSIS) problems.push(`at most ${MAX_GSIS} global secondary indexes`);
  const names = new Set<string>();
  let projected = 0;
  for (const index of def.globalSecondaryIndexes) {
    const where = `index "${index.indexName}"`;
    if (!/^[A-Za-z0-9_.-]{3,255}$/.test(index.indexName)) problems.push(`${where}: name must be 3-255 of A-Z a-z 0-9 _ . -`);
    if (names.has(index.indexName)) problems.push(`${where} is declared twice`);
    names.add(index.indexName);
    checkKey(`${where} partition`, index.partitionKey);
    checkKey(`${where} sort`, index.sortKey);
    if (Array.isArray(index.projection)) {
      const list = index.projection as readonly string[];
      if (list.length === 0) problems.push(`${where}: an attribute list projection needs at least one attribute`);
      if (new Set(list).size !== list.length) problems.push(`${where}: projection lists an attribute twice`);
      projected += list.length;
    } else if (index.projection !== 'ALL' && index.projection !== 'KEYS_ONLY') {
      problems.push(`${where}: projection must be "ALL", "KEYS_ONLY" or a list of attributes`);
    }
  }
  if (projected > MAX_PROJECTED_ATTRIBUTES) {
    problems.push(`indexes project ${projected} attributes; DynamoDB allows ${MAX_PROJECTED_ATTRIBUTES} across all indexes`);
  }

  if (problems.length > 0) {
    throw new Error(`${scope.node.path}: invalid table definition "${def.id}":\n  - ${problems.join('\n  - ')}`);
  }
}
