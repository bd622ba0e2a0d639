/**
 * Counts what regexes do while a function runs: how many executions, and the longest string one ran
 * on. Once RegExp.prototype.exec is replaced, V8 routes every regex operation through it (test, exec,
 * and String.prototype match, matchAll, replace, replaceAll, search and split), so nothing is missed.
 * A count, not a clock: the same on a busy machine as on an idle one.
 */
export interface RegexWork {
  execs: number;
  longestInput: number;
}

export function regexWork<T>(run: () => T): { result: T; work: RegexWork } {
  const original = RegExp.prototype.exec;
  const work: RegexWork = { execs: 0, longestInput: 0 };
  RegExp.prototype.exec = function exec(this: RegExp, input: string) {
    work.execs++;
    const length = String(input).length;
    if (length > work.longestInput) work.longestInput = length;
    return original.call(this, input);
  };
  try {
    return { result: run(), work };
  } finally {
    RegExp.prototype.exec = original;
  }
}
