/**
 * A reference for the cold-load benchmark: a handler that makes one Intl object at import. A process's
 * first Intl object loads ICU's locale data; this shows what that costs a cold start (the functions
 * make theirs on first use).
 */
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
export const handler = async (): Promise<{ statusCode: number; body: string }> => ({ statusCode: 200, body: day.format(0) });
