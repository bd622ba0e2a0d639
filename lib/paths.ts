/** Paths of the files the CDK app packages, resolved from the repository root (not the working directory). */
import * as path from 'node:path';

export const REPO_ROOT = path.join(__dirname, '..');

export const PATHS = {
  apiEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'api.ts'),
  subscriptionsEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'subscriptions.ts'),
  ingestEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'ingest.ts'),
  adminEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'admin.ts'),
  jobSyncEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'job-sync.ts'),
  feedbackEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'feedback.ts'),
  digestPlannerEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'digest-planner.ts'),
  digestSenderEntry: path.join(REPO_ROOT, 'lambdas', 'functions', 'digest-sender.ts'),
  guidesContent: path.join(REPO_ROOT, 'content', 'guides'),
} as const;
