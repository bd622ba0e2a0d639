/**
 * The one error the guide parser throws for bad input. `line` is the 1-based line of the ORIGINAL
 * input (the encoding repair and line-ending normalisation never change line numbers), and
 * `message` is `${file}:${line}: ${reason}` so that a CLI can print it as is.
 */
export class GuideParseError extends Error {
  readonly file: string;
  readonly line: number;
  readonly reason: string;

  constructor(file: string, line: number, reason: string, options?: { cause?: unknown }) {
    super(`${file}:${line}: ${reason}`, options);
    this.name = 'GuideParseError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }
}

/** Raises GuideParseErrors for one input: the parsers only know lines, the file name is bound once. */
export class ParseContext {
  constructor(readonly file: string) {}

  fail(line: number, reason: string): never {
    throw new GuideParseError(this.file, line, reason);
  }
}
