/**
 * The rule kit lib/config.ts describes its context keys with: a field rule turns one raw context
 * value into a typed value or a problem, never throwing, so every key is read in one pass and every
 * problem is reported together. Values given with -c arrive as strings, values from cdk.json as
 * JSON: the readers accept both.
 */

/** A parsed value, or what is wrong with the raw one (the message after `context "<path>"`). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

export interface FieldRule<T> {
  readonly parse: (raw: unknown) => Outcome<T>;
}

/** The value a rule yields. */
export type FieldValue<R> = R extends FieldRule<infer T> ? T : never;

/** One problem of the configuration: where the value came from, and what is wrong with it. */
export interface ConfigProblem {
  /** Context path: a -c key (`logLevel`) or a committed value (`stages.prod.logLevel`). */
  readonly path: string;
  readonly message: string;
}

export function accept<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function reject(problem: string): Outcome<never> {
  return { ok: false, problem };
}

/** `expected` alone, or with what exactly is wrong after a colon. */
export function explain(expected: string, detail?: string): string {
  return detail === undefined ? expected : `${expected}: ${detail}`;
}

export function booleanField(): FieldRule<boolean> {
  return {
    parse: (raw) => {
      const value = readBoolean(raw);
      return value === undefined ? reject('must be true or false') : accept(value);
    },
  };
}

/** An integer that `convert` accepts (returns its value for). */
export function integerField<T>(expected: string, convert: (value: number) => T | undefined): FieldRule<T> {
  return {
    parse: (raw) => {
      const integer = readInteger(raw);
      const value = integer === undefined ? undefined : convert(integer);
      return value === undefined ? reject(expected) : accept(value);
    },
  };
}

export function inRange(min: number, max: number): (value: number) => number | undefined {
  return (value) => (value >= min && value <= max ? value : undefined);
}

/** One of `choices`, after `normalise` (case-insensitive choices upper- or lower-case the input). */
export function choiceField<C extends string>(choices: readonly C[], normalise: (value: string) => string, expected: string): FieldRule<C> {
  return {
    parse: (raw) => {
      const given = readString(raw);
      const choice = given === undefined ? undefined : choices.find((candidate) => candidate === normalise(given));
      return choice === undefined ? reject(expected) : accept(choice);
    },
  };
}

/** A string `check`ed further; anything else is refused with `notString`. */
export function stringField<T>(check: (value: string) => Outcome<T>, notString: string): FieldRule<T> {
  return {
    parse: (raw) => {
      const given = readString(raw);
      return given === undefined ? reject(notString) : check(given);
    },
  };
}

/** Booleans from cdk.json arrive as JSON, from `-c key=value` as strings. */
export function readBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

export function readString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Integers from cdk.json arrive as numbers, from `-c key=value` as strings: accept both, nothing else. */
export function readInteger(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\d{1,9}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** A raw value as error messages quote it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? String(value);
}
