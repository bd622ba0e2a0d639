/**
 * A Powertools Parameters provider over files: the local stack's secrets (the token key file in
 * DATA_DIR) with the same maxAge cache as Secrets Manager's in AWS.
 */
import { readFile } from 'node:fs/promises';
import { BaseProvider } from '@aws-lambda-powertools/parameters/base';

export class FileProvider extends BaseProvider {
  constructor() {
    super({});
  }

  protected override async _get(path: string): Promise<string> {
    return readFile(path, 'utf8');
  }

  protected override async _getMultiple(): Promise<Record<string, unknown> | undefined> {
    throw new Error('a file provider reads one file at a time');
  }
}
