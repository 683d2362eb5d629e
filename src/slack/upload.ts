import type { WebClient } from "@slack/web-api";
import type { UploadMessage } from "./outbox.js";

/**
 * Delivers an outbox upload (`files.uploadV2`, see outbox.ts) as Slack's upload flow goes, which
 * the WebClient's `filesUploadV2` also follows: for each file `files.getUploadURLExternal`
 * (its name, its length in bytes and its alt text, which Slack's method calls `alt_txt`), then a
 * POST of its bytes to the URL it answered, then one `files.completeUploadExternal` sharing them
 * all in the channel (or thread) with the message's text. Done here rather than by
 * `filesUploadV2` so that the arguments are exactly Slack's and every failure reaches the
 * outbox's classification (rate limits, transient errors, HTTP status) unchanged: a failed step
 * fails the whole upload, and the retry starts again from new upload URLs. Slack shares the
 * files only on completion, so a retried upload never shows twice.
 */
export async function uploadFiles(
  client: WebClient,
  args: Record<string, unknown>,
  timeoutMs: number,
): Promise<{ files?: unknown }> {
  const message = args as unknown as UploadMessage & { channel: string; thread_ts?: string };
  const uploaded: { id: string; title: string }[] = [];
  for (const file of message.files) {
    const bytes = Buffer.from(file.base64, "base64");
    const target = (await client.apiCall("files.getUploadURLExternal", {
      filename: file.filename,
      length: bytes.length,
      ...(file.alt_text ? { alt_txt: file.alt_text } : {}),
    })) as { upload_url?: string; file_id?: string };
    if (!target.upload_url || !target.file_id)
      throw new Error("files.getUploadURLExternal gave no upload_url");
    const response = await fetch(target.upload_url, {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: bytes,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    if (response.status !== 200)
      // Classified as the WebClient's own HTTP errors are: 5xx and 408 retried, others permanent.
      throw Object.assign(new Error(`the upload of ${file.filename} got HTTP ${response.status}`), {
        code: "slack_webapi_http_error",
        statusCode: response.status,
      });
    uploaded.push({ id: target.file_id, title: file.title });
  }
  return (await client.apiCall("files.completeUploadExternal", {
    files: uploaded,
    channel_id: message.channel,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    ...(message.initial_comment ? { initial_comment: message.initial_comment } : {}),
  })) as { files?: unknown };
}
