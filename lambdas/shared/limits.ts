/** Limits and tunables shared by the functions, the local stack and the tests. */
export const LIMITS = {
  /** Largest guide source file accepted, in bytes. The seed is ~35 KB. */
  guideFileBytes: 512 * 1024,
  /** DynamoDB BatchWriteItem / BatchGetItem maxima. */
  batchWriteItems: 25,
  batchGetItems: 100,
  /** Retries of UnprocessedItems / throttled calls before a batch is reported as failed. */
  batchRetries: 8,
  /** Page size bounds of list endpoints. */
  pageDefault: 20,
  pageMax: 100,
  /** Longest accepted free-text query. */
  queryMaxLength: 200,
  /** Seconds clients and CDNs may cache a guide. */
  guideMaxAgeSeconds: 300,
} as const;
