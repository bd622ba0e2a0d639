/** The baseline of the cold-load benchmark: a handler that loads nothing. */
export const handler = async (): Promise<{ statusCode: number }> => ({ statusCode: 200 });
