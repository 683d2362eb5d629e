import { timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import type { Logger } from "../log.js";
import type { PlaygroundClient } from "./client.js";
import { parseForm, parseJsonBody, readBody, readBytes, send } from "./http.js";
import type { PageState, ShortcutInfo, SlashCommandInfo } from "./page-state.js";
import { BOT, TEAM, type Workspace } from "./workspace.js";

const PAGE_FILES: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/page.js": { file: "page.js", type: "text/javascript; charset=utf-8" },
  "/blocks.js": { file: "blocks.js", type: "text/javascript; charset=utf-8" },
  "/page.css": { file: "page.css", type: "text/css; charset=utf-8" },
};

/**
 * The page's own headers: its scripts and styles from this server only (nothing inline, so no
 * text a person typed can run as script), and no other site may frame it (clickjacking).
 */
const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; " +
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/**
 * Why a request is turned away for where it comes from, if it is. A browser says where a request
 * comes from (Origin; Sec-Fetch-Site in every current one); Kuroko's own calls, its WebClient and
 * Bolt's response_url posts, come from Node server to server and say neither.
 * - The Web API and response_urls are Kuroko's only: a request that a browser made is refused.
 * - Everything else answers this page only: its own origin, or the address bar. Another port on
 *   127.0.0.1 is the "same site" but another origin, and is refused too. The one exception is
 *   opening the page itself from a link elsewhere, which PAGE_HEADERS keeps from being framed.
 */
function refusal(req: IncomingMessage, url: URL, ownOrigin: string): string | undefined {
  const origin = req.headers.origin;
  const site = req.headers["sec-fetch-site"];
  if (
    url.pathname.startsWith("/api/") ||
    url.pathname.startsWith("/response/") ||
    url.pathname.startsWith("/upload/")
  )
    return origin !== undefined || site !== undefined
      ? "the playground's Web API and response_urls answer Kuroko only, not a browser"
      : undefined;
  if (origin !== undefined && origin !== ownOrigin) return "the playground answers its own page only";
  const openingThePage =
    req.method === "GET" &&
    url.pathname === "/" &&
    req.headers["sec-fetch-mode"] === "navigate" &&
    req.headers["sec-fetch-dest"] === "document";
  if (site !== undefined && site !== "same-origin" && site !== "none" && !openingThePage)
    return "the playground answers its own page only";
  return undefined;
}

/** The bot token Kuroko's WebClient sends, in the Authorization header only (see the /api route). */
function bearerToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  return auth?.startsWith("Bearer ") ? auth.slice("Bearer ".length) : undefined;
}

const sameSecret = (given: string, expected: string) =>
  given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));

const userId = z.string().regex(/^U[A-Z0-9]+$/);
const stateValues = z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown())));
const option = z.object({ value: z.string(), text: z.unknown().optional() });
const actionInput = z.object({
  blockId: z.string(),
  actionId: z.string(),
  selectedOption: option.optional(),
  selectedOptions: z.array(option).optional(),
  selectedDate: z.string().optional(),
  value: z.string().optional(),
});

type PageRoute = (handlers: PlaygroundHandlers, body: unknown) => Promise<object | undefined>;

/** A page API call: its body checked by `schema`, then handed to `run`. */
const pageRoute =
  <S extends z.ZodType>(
    schema: S,
    run: (handlers: PlaygroundHandlers, input: z.output<S>) => Promise<unknown>,
  ): PageRoute =>
  async (handlers, body) => {
    const answer = await run(handlers, schema.parse(body));
    return answer && typeof answer === "object" ? answer : undefined;
  };

const viewInput = { user: userId, viewId: z.string(), values: stateValues.default({}) };

/** The page API: what a person does on the page, as the Slack client would report it. */
const PAGE_API: Record<string, PageRoute> = {
  type: pageRoute(z.object({ user: userId, channel: z.string(), text: z.string().max(4_000) }), (h, i) =>
    h.client.type(i.user, i.channel, i.text),
  ),
  shortcut: pageRoute(z.object({ user: userId, callbackId: z.string() }), (h, i) =>
    h.client.shortcut(i.user, i.callbackId),
  ),
  action: pageRoute(
    z.object({
      user: userId,
      source: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("message"), channel: z.string(), ts: z.string() }),
        z.object({ kind: z.literal("view"), viewId: z.string() }),
      ]),
      action: actionInput,
      values: stateValues.default({}),
    }),
    (h, i) => h.client.action(i.user, i.source, i.action, i.values),
  ),
  submit: pageRoute(z.object(viewInput), (h, i) => h.client.submit(i.user, i.viewId, i.values)),
  close: pageRoute(z.object(viewInput), (h, i) => h.client.close(i.user, i.viewId, i.values)),
  suggest: pageRoute(
    z.object({ ...viewInput, blockId: z.string(), actionId: z.string(), value: z.string().max(200) }),
    (h, i) => h.client.suggest(i.user, i.viewId, i.blockId, i.actionId, i.value, i.values),
  ),
  home: pageRoute(z.object({ user: userId }), (h, i) => h.client.openHome(i.user)),
  morning: pageRoute(z.unknown(), async (h) => ({ lines: await h.runMorningJobs() })),
};

export interface PlaygroundHandlers {
  client: PlaygroundClient;
  /** "Run the morning jobs now": returns one line a job for the page. */
  runMorningJobs(): Promise<string[]>;
  commands: SlashCommandInfo[];
  shortcuts: ShortcutInfo[];
}

export interface PlaygroundServer {
  readonly url: string;
  readonly port: number;
  /** Connects the page's buttons to the app, once it is running. */
  attach(handlers: PlaygroundHandlers): void;
  stop(): Promise<void>;
}

/**
 * The playground's one HTTP server, on 127.0.0.1 only: the page (a stand-in for Slack's client),
 * the page's JSON API, Slack's Web API for the bot (`/api/<method>`), and response_urls.
 */
export async function startPlaygroundServer(
  workspace: Workspace,
  options: { port: number; logger: Logger; botToken: string; pageDir?: URL },
): Promise<PlaygroundServer> {
  const pageDir = options.pageDir ?? new URL("./page/", import.meta.url);
  const logger = options.logger;
  let handlers: PlaygroundHandlers | undefined;
  const streams = new Set<ServerResponse>();
  let port = options.port;

  // A morning run delivers hundreds of messages in a burst: tell the pages at most every 100 ms.
  let pending: NodeJS.Timeout | undefined;
  const unsubscribe = workspace.subscribe(() => {
    pending ??= setTimeout(() => {
      pending = undefined;
      for (const stream of streams) stream.write(`data: ${workspace.version}\n\n`);
    }, 100);
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
    // A page on another site must not drive the playground through the browser (DNS rebinding).
    const host = req.headers.host ?? "";
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`)
      return send(res, 421, { ok: false, error: "wrong_host" });
    const refused = refusal(req, url, `http://${host}`);
    if (refused) return send(res, 403, { ok: false, error: refused });

    if (req.method === "GET" && PAGE_FILES[url.pathname]) {
      const page = PAGE_FILES[url.pathname]!;
      res.writeHead(200, { "content-type": page.type, "cache-control": "no-store", ...PAGE_HEADERS });
      res.end(readFileSync(new URL(page.file, pageDir)));
      return;
    }
    if (req.method === "GET" && url.pathname === "/favicon.ico") {
      res.writeHead(204);
      res.end();
      return;
    }
    if (req.method === "GET" && url.pathname === "/playground/events") {
      res.writeHead(200, {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        connection: "keep-alive",
      });
      res.write(`data: ${workspace.version}\n\n`);
      streams.add(res);
      req.on("close", () => streams.delete(res));
      return;
    }
    if (req.method === "GET" && url.pathname === "/playground/state") {
      // Without a user: the first one (the page's first load, before anyone is chosen).
      const parsed = userId.safeParse(url.searchParams.get("user") ?? workspace.users[0]?.id);
      if (!parsed.success || !workspace.user(parsed.data))
        return send(res, 400, { ok: false, error: "unknown user" });
      return send(res, 200, stateFor(workspace, parsed.data, handlers));
    }
    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      // A file Kuroko shared (files.completeUploadExternal): an image the page shows.
      const bytes = workspace.fileBytes(url.pathname.slice("/files/".length));
      if (!bytes) return send(res, 404, { ok: false, error: "file_not_found" });
      const png = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      res.writeHead(200, {
        "content-type": png ? "image/png" : "application/octet-stream",
        "cache-control": "no-store",
        ...PAGE_HEADERS,
      });
      res.end(bytes);
      return;
    }
    if (req.method !== "POST") return send(res, 404, { ok: false, error: "not_found" });
    if (url.pathname.startsWith("/upload/")) {
      // An upload URL (files.getUploadURLExternal): the file's raw bytes, as Slack's upload service takes them.
      const bytes = await readBytes(req);
      if (!bytes) return send(res, 413, { ok: false, error: "too_large" });
      if (!workspace.receiveUpload(url.pathname.slice("/upload/".length), bytes))
        return send(res, 400, { ok: false, error: "unknown file, or not the length announced" });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`OK - ${bytes.length}`);
      return;
    }

    const raw = await readBody(req);
    if (raw === undefined) return send(res, 413, { ok: false, error: "too_large" });
    if (url.pathname.startsWith("/api/")) {
      const method = url.pathname.slice("/api/".length);
      const args = parseForm(raw, String(req.headers["content-type"] ?? ""));
      // Slack also reads a `token` from the body; the playground does not: a form on any page can
      // carry one, while none can set an Authorization header (a fetch from another site that
      // sets one needs CORS, which this server never grants). Kuroko's WebClient sends the header.
      const token = bearerToken(req);
      if (!token) return send(res, 200, { ok: false, error: "not_authed" });
      if (!sameSecret(token, options.botToken)) return send(res, 200, { ok: false, error: "invalid_auth" });
      const answer = workspace.call(method, args);
      if (!answer.ok) {
        logger.warn(`playground: ${method} refused: ${answer.error}`, answer.response_metadata ?? "");
        workspace.notice(`Slack would refuse ${method}: ${answer.error}${detail(answer)}`);
      }
      return send(res, 200, answer);
    }
    if (url.pathname.startsWith("/response/")) {
      // A response_url takes JSON, as Bolt's respond() sends it: what a browser's form cannot post.
      if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
        return send(res, 400, { ok: false, error: "invalid_payload" });
      const args = parseForm(raw, "application/json");
      const { status, answer } = workspace.respond(url.pathname.slice("/response/".length), args);
      if (!answer.ok)
        workspace.notice(`Slack would refuse a response_url message: ${answer.error}${detail(answer)}`);
      return send(res, status, answer);
    }
    // The page sends JSON (from its own origin, checked above); a form on another site cannot.
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json"))
      return send(res, 403, { ok: false, error: "the playground's page API answers its own page only" });
    if (!handlers) return send(res, 503, { ok: false, error: "Kuroko is still starting" });
    const route = PAGE_API[url.pathname.replace(/^\/playground\//, "")];
    if (!route) return send(res, 404, { ok: false, error: "not_found" });
    return send(res, 200, { ok: true, ...(await route(handlers, parseJsonBody(raw))) });
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      const invalid = error instanceof z.ZodError;
      if (!invalid) logger.error("playground: request failed", req.url, error);
      if (!res.headersSent)
        send(res, invalid ? 400 : 500, {
          ok: false,
          error: invalid ? `bad request: ${z.prettifyError(error)}` : (error as Error).message,
        });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    attach(next) {
      handlers = next;
      workspace.changed();
    },
    async stop() {
      unsubscribe();
      clearTimeout(pending);
      for (const stream of streams) stream.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Everything one person sees: channels, the messages visible to them, their modals and Home tab. */
function stateFor(workspace: Workspace, me: string, handlers: PlaygroundHandlers | undefined): PageState {
  const channels = [...workspace.channels.values()].filter((c) => !c.dmWith || c.dmWith === me);
  const visible = new Set(channels.map((c) => c.id));
  return {
    ok: true,
    ready: Boolean(handlers),
    version: workspace.version,
    me,
    team: TEAM,
    bot: BOT,
    users: workspace.users,
    channels,
    messages: workspace.messages.filter(
      (m) => visible.has(m.channel) && (!m.ephemeralFor || m.ephemeralFor === me),
    ),
    modals: (workspace.modals.get(me) ?? []).map((v) => ({ id: v.id, hash: v.hash, view: v.view })),
    home: workspace.homes.get(me)
      ? { id: workspace.homes.get(me)!.id, view: workspace.homes.get(me)!.view }
      : null,
    notices: workspace.notices.filter((n) => !n.userId || n.userId === me).slice(-5),
    commands: handlers?.commands ?? [],
    shortcuts: handlers?.shortcuts ?? [],
  };
}

function detail(answer: Record<string, unknown>): string {
  const messages = (answer.response_metadata as { messages?: string[] } | undefined)?.messages;
  return messages?.length ? ` (${messages.join("; ")})` : "";
}
