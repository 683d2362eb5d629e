import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseForm, readBody, send } from "../../src/playground/http.js";
import { refuseCall } from "../../src/playground/slack-methods.js";

/** One call the app made: a Web API method, or a POST to a response_url. */
export interface RecordedCall {
  method: string;
  body: Record<string, unknown>;
  token?: string;
  at: number;
}

/** How the next call(s) to a method fail. */
export type Failure =
  | { kind: "error"; error: string }
  | { kind: "ratelimit"; retryAfter: number }
  | { kind: "http"; status: number }
  | { kind: "hang" }
  /** Accepts the call (it is recorded and answered as usual), but answers only after `ms`. */
  | { kind: "slow"; ms: number };

type Answer = (body: Record<string, unknown>) => Record<string, unknown>;

/**
 * A stand-in for Slack's Web API on 127.0.0.1. It records every call, answers like Slack
 * (refusing unknown methods and missing required arguments, as src/playground/slack-methods.ts
 * describes them), serves response_urls at
 * `/response/<id>`, and fails on demand.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private readonly failures = new Map<string, Failure[]>();
  private readonly answers = new Map<string, Answer>();
  private readonly hanging = new Set<ServerResponse>();
  /**
   * The workspace's people, as `users.info` answers them (an id not here: `user_not_found`) and
   * `users.lookupByEmail` finds them by `email` (none found: `users_not_found`). Kept across
   * `reset()`, like a workspace directory.
   */
  readonly users = new Map<
    string,
    { name: string; realName?: string; displayName?: string; email?: string; locale?: string }
  >();
  private tsCounter = 0;
  private viewCounter = 0;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** What to give the app as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  responseUrl(id: string | number = Math.random().toString(36).slice(2)): string {
    return `${this.url}/response/${id}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      // A client may go away mid-request: an app giving up on a 'hang', a socket closed or reset
      // while its body is sent. That ends its request, never this process (the tests' own).
      req.on("error", () => {});
      res.on("error", () => {});
      this.handle(req, res).catch((error: unknown) => {
        // A test's own answer() threw: say so to the app rather than hang up on it.
        if (res.headersSent || res.destroyed) res.destroy();
        else send(res, 500, { ok: false, error: `fake_slack_failed: ${String(error)}` });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Forget recorded calls and pending failures (between tests). */
  reset(): void {
    this.calls.length = 0;
    this.failures.clear();
    this.answers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
  }

  /** The next `times` calls to `method` fail as described. */
  fail(method: string, failure: Failure, times = 1): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push(failure);
    this.failures.set(method, queue);
  }

  /** Answer `method` with a custom body (merged over `{ ok: true }`). */
  answer(method: string, answer: Answer): void {
    this.answers.set(method, answer);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Waits (bounded) until a call to `method` matching `where` has been recorded. */
  async waitForCall(
    method: string,
    where: (call: RecordedCall) => boolean = () => true,
    timeoutMs = 5_000,
  ): Promise<RecordedCall> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const found = this.calls.find((call) => call.method === method && where(call));
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seen = this.calls.map((call) => call.method).join(", ") || "none";
    throw new Error(`No ${method} call within ${timeoutMs} ms (calls seen: ${seen})`);
  }

  /** The bytes POSTed to the upload URLs files.getUploadURLExternal answered, by file id. */
  readonly uploads = new Map<string, Buffer>();
  private fileCounter = 0;

  /**
   * An upload URL (files.getUploadURLExternal's `upload_url`): takes the file's bytes, raw or
   * multipart, answers 200 as Slack's upload service does. Recorded as an "upload" call;
   * `fail("upload", …)` makes it answer an HTTP error.
   */
  private async receiveUpload(req: IncomingMessage, res: ServerResponse, fileId: string): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    this.calls.push({ method: "upload", body: { file_id: fileId, length: bytes.length }, at: Date.now() });
    const failure = this.failures.get("upload")?.shift();
    if (failure) return send(res, failure.kind === "http" ? failure.status : 500, { ok: false });
    this.uploads.set(fileId, bytes);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end(`OK - ${bytes.length}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", this.url).pathname;
    if (req.method === "POST" && path.startsWith("/upload/"))
      return this.receiveUpload(req, res, path.slice("/upload/".length));
    let raw: string;
    try {
      raw = (await readBody(req)) ?? "";
    } catch {
      // The client left while sending its body: there is no one to answer.
      return void res.destroy();
    }
    const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
      if (!res.destroyed && !res.writableEnded) send(res, status, body, headers);
    };
    const url = new URL(req.url ?? "/", this.url);
    const body = parseForm(raw, req.headers["content-type"] ?? "");
    if (url.pathname.startsWith("/response/")) {
      this.calls.push({ method: "response_url", body: { ...body, url: url.pathname }, at: Date.now() });
      return reply(200, { ok: true });
    }
    if (!url.pathname.startsWith("/api/")) return reply(404, { ok: false, error: "not_found" });
    const method = url.pathname.slice("/api/".length);
    const auth = req.headers.authorization;
    const token = auth?.startsWith("Bearer ") ? auth.slice(7) : (body.token as string | undefined);
    this.calls.push({ method, body, token, at: Date.now() });

    const failure = this.failures.get(method)?.shift();
    if (failure?.kind === "slow") {
      await new Promise((resolve) => setTimeout(resolve, failure.ms));
    } else if (failure) {
      switch (failure.kind) {
        case "error":
          return reply(200, { ok: false, error: failure.error });
        case "ratelimit":
          return reply(
            429,
            { ok: false, error: "ratelimited" },
            { "retry-after": String(failure.retryAfter) },
          );
        case "http":
          return reply(failure.status, { ok: false, error: "fake_http_error" });
        case "hang":
          this.hanging.add(res);
          res.once("close", () => this.hanging.delete(res));
          return;
      }
    }
    // Checked as the playground's workspace checks them (src/playground/slack-methods.ts); Slack
    // says a method does not exist before it asks who is calling.
    const refused = refuseCall(method, body);
    if (refused?.error === "unknown_method") return reply(200, refused);
    if (!token) return reply(200, { ok: false, error: "not_authed" });
    if (refused) return reply(200, refused);
    const custom = this.answers.get(method);
    if (method === "users.info" && !custom)
      return reply(200, this.userInfo(String(body.user ?? ""), String(body.include_locale) === "true"));
    if (method === "users.lookupByEmail" && !custom) {
      const email = String(body.email ?? "").toLowerCase();
      const id = [...this.users].find(([, user]) => user.email?.toLowerCase() === email)?.[0];
      return reply(200, id ? this.userInfo(id) : { ok: false, error: "users_not_found" });
    }
    return reply(200, { ok: true, ...(custom ? custom(body) : this.defaultAnswer(method, body)) });
  }

  private defaultAnswer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return {
          url: "https://kuroko-test.slack.com/",
          team: "Kuroko Test",
          team_id: "T0TEST",
          user_id: "U0BOT",
          bot_id: "B0BOT",
        };
      case "chat.postMessage": {
        const ts = this.nextTs();
        // A message to a user id lands in the app's DM with them, a D... channel.
        const channel = /^[UW]/.test(String(body.channel))
          ? `D${String(body.channel).slice(1)}`
          : body.channel;
        return { channel, ts, message: { ...body, ts } };
      }
      case "chat.update":
        return { channel: body.channel, ts: body.ts, text: body.text };
      case "chat.postEphemeral":
        return { message_ts: this.nextTs() };
      case "chat.getPermalink":
        return {
          channel: body.channel,
          permalink: `https://kuroko-test.slack.com/archives/${body.channel}/p${String(body.message_ts).replace(".", "")}`,
        };
      case "conversations.open":
        return {
          channel: {
            id: `D${String(body.users ?? "")
              .replace(/\W/g, "")
              .slice(0, 10)}`,
          },
        };
      case "views.open":
      case "views.push":
      case "views.update":
      case "views.publish":
        return { view: { id: `V${++this.viewCounter}`, ...(body.view as object) } };
      case "usergroups.users.list":
        return { users: [] };
      case "files.getUploadURLExternal": {
        const fileId = `F${String(++this.fileCounter).padStart(8, "0")}`;
        return { upload_url: `${this.url}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        // Sent as a JSON string in a form body, as the WebClient sends arrays.
        const files = typeof body.files === "string" ? (JSON.parse(body.files) as unknown[]) : body.files;
        return { files };
      }
      default:
        return {};
    }
  }

  /** users.info as Slack answers it: the user, or `user_not_found`. */
  private userInfo(id: string, includeLocale = false): Record<string, unknown> {
    const user = this.users.get(id);
    if (!user) return { ok: false, error: "user_not_found" };
    return {
      ok: true,
      user: {
        id,
        name: user.name,
        real_name: user.realName ?? "",
        profile: { real_name: user.realName ?? "", display_name: user.displayName ?? "" },
        // As Slack: the locale only when asked for (include_locale), and only if the user has one.
        ...(includeLocale && user.locale ? { locale: user.locale } : {}),
      },
    };
  }

  private nextTs(): string {
    this.tsCounter += 1;
    return `1700000000.${String(this.tsCounter).padStart(6, "0")}`;
  }
}
