/**
 * An error whose message is written for the person running Kuroko: entry points print the
 * message alone (no stack trace) and exit non-zero.
 */
export class KurokoError extends Error {
  override name = "KurokoError";
}
