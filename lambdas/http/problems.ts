/**
 * RFC 9457 problem details. Every error the API returns is one of these; handlers throw HttpProblem
 * and the router turns it (or anything unexpected, as a 500 that never leaks internals) into JSON.
 */
export interface FieldError {
  /** JSON pointer (body) or parameter name (query/path) of the offending value. */
  field: string;
  message: string;
}

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    /** Short kebab-case problem kind, e.g. "invalid-parameter"; becomes the type URI. */
    readonly kind: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail ?? TITLES[status] ?? `HTTP ${status}`);
  }

  toDocument(instance?: string): ProblemDocument {
    const doc: ProblemDocument = {
      type: `/problems/${this.kind}`,
      title: TITLES[this.status] ?? `HTTP ${this.status}`,
      status: this.status,
    };
    if (this.detail !== undefined) doc.detail = this.detail;
    if (instance !== undefined) doc.instance = instance;
    if (this.errors !== undefined && this.errors.length > 0) doc.errors = this.errors;
    return doc;
  }
}

export const notFound = (detail: string): HttpProblem => new HttpProblem(404, 'not-found', detail);
export const badRequest = (detail: string, errors?: FieldError[]): HttpProblem =>
  new HttpProblem(400, 'invalid-request', detail, errors);
