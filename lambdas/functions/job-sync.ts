// Placeholder until the job-sync core lands; replaced in the same change.
import type { ScheduledEvent } from 'aws-lambda';
export const handler = async (_event: ScheduledEvent): Promise<void> => undefined;
