import type { IncomingMessage } from "node:http";

/** The body was longer than the limit; the rest was not read. */
export class BodyTooLarge extends Error {}

/**
 * Reads a request's body, at most `maxBytes`: a Content-Length above it is refused before
 * reading, and a body that grows past it (chunked) stops being read there, so memory stays
 * bounded whatever a client sends. The socket is left open for the 413 (sent with
 * `Connection: close`), which is why this does not break out of an async iterator (that
 * destroys the request and its socket before the answer).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stop();
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // A client gone before the end: nothing to answer, but the request must not wait forever.
    const onClose = () => {
      stop();
      reject(new Error("The client closed the connection before the body ended."));
    };
    const stop = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** The body as UTF-8 text; undefined when it is not valid UTF-8. */
export function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
