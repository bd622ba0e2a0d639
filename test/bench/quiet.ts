/**
 * Imported first by run.ts, before any handler module creates its Powertools logger and metrics:
 * the bench prints figures only, so the handlers' log lines and EMF metrics stay silent.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
process.env.POWERTOOLS_DEV ??= 'false';
