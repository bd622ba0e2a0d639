/** API Gateway `ANY /subscriptions`, `/subscriptions/{proxy+}`, `/subscribe`, `/unsubscribe` → the subscription routes and the sign-up form (app/subscriptions.ts). Not traced, like the api. */
import middy from '@middy/core';
import { readSubscriptionsConfig } from '../app/config';
import { withPowertools } from '../app/powertools';
import { buildSubscriptions } from '../app/subscriptions';
import { awsClients } from '../shared/aws';
import { untraced } from '../shared/logging';

// The one read of the environment: a bad configuration fails the cold start, naming every problem.
export const handler = withPowertools(middy, buildSubscriptions(readSubscriptionsConfig(process.env), awsClients()), untraced);
