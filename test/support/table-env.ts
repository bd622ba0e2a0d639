/**
 * The table variables CDK sets on a function, for unit tests that build functions from an environment:
 * every table of lambdas/shared/tables.ts, named `<id in kebab case>-t` ("rate-limits-t"), so a new
 * table is in every such test without editing three copies.
 */
import { TABLES } from '../../lambdas/shared/tables';

export const TABLE_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  TABLES.map((table) => [table.envVar, `${table.id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}-t`]),
);
