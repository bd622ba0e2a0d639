/** A problem an operator command explains in one line (the CLI prints the message, not a stack trace). */
export class OpsError extends Error {
  override readonly name = 'OpsError';
}
