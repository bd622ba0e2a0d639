/**
 * For text that may reach a log: anything address-shaped is replaced, percent-encoded ones too (the
 * path of `PUT /admin/subscribers/{email}/tier` holds `ann%40example.com`). Kept here, not imported
 * from the subscriptions module, so the router depends on no domain module.
 */
const ADDRESS_LIKE = /[^\s<>()"',;:@/?#&=]+(?:@|%40)[^\s<>()"',;:@/?#&=]+/gi;

export function redactAddresses(text: string): string {
  return text.replace(ADDRESS_LIKE, '<redacted-address>');
}
