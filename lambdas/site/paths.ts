/** Paths of the site's own routes that other code names (the CDK API stack throttles the form's POST). */
export const SIGN_UP_FORM_PATH = '/subscribe';
