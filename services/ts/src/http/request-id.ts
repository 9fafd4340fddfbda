// The x-request-id an app reuses (spec/features.md logs): 1 to 128 printable ASCII characters; any other is replaced.
export const REQUEST_ID_HEADER = 'x-request-id';
const USABLE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/** The incoming id when it may be reused; undefined when the app must make a new one. */
export function reusableRequestId(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' && USABLE_REQUEST_ID.test(header) ? header : undefined;
}
