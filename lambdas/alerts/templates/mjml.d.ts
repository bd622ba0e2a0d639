// The part of mjml's API that bin/build-emails.ts uses (mjml ships no types). Build time only:
// nothing under lambdas/ may import mjml (test/unit/alerts/render-bundle.test.ts checks the bundle).
declare module 'mjml' {
  export interface MjmlError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  export interface MjmlOptions {
    validationLevel?: 'strict' | 'soft' | 'skip';
    keepComments?: boolean;
    beautify?: boolean;
    minify?: boolean;
    /** Web fonts to link when a font-family names them; {} links none. */
    fonts?: Record<string, string>;
    filePath?: string;
  }
  export interface MjmlResult {
    html: string;
    errors: MjmlError[];
  }
  export default function mjml2html(input: string, options?: MjmlOptions): Promise<MjmlResult>;
}
