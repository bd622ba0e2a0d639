/**
 * Imported first by a test file that reads the functions' log lines. The logger's level is fixed when
 * the logger is made: the Powertools middleware (injectLambdaContext) puts it back to that level at
 * every invocation, so a later setLogLevel would not last.
 */
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
