import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One POST the receiver got, and what it answered. */
export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as signed. */
  body: string;
  status: number;
}

interface Planned {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A webhook receiver on 127.0.0.1: it records every request (headers and raw body) and answers
 * 200, or what a test planned (`fail`) for the next requests, in order.
 */
export class FakeWebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  private readonly planned: Planned[] = [];
  private server: Server | undefined;
  port = 0;

  url(path = "/hook"): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("error", () => {});
      req.on("end", () => {
        const answer = this.planned.shift() ?? { status: 200 };
        this.received.push({
          path: req.url ?? "/",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
          status: answer.status,
        });
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? "");
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `times` requests are answered with `status` (and headers, body). */
  fail(status: number, times = 1, extra: Omit<Planned, "status"> = {}): void {
    for (let i = 0; i < times; i++) this.planned.push({ status, ...extra });
  }

  reset(): void {
    this.received.length = 0;
    this.planned.length = 0;
  }

  /** The parsed bodies of the requests answered 2xx, in the order they came. */
  accepted(): { id: string; type: string; created_at: string; data: Record<string, unknown> }[] {
    return this.received.filter((r) => r.status >= 200 && r.status < 300).map((r) => JSON.parse(r.body));
  }

  /** Waits (bounded) until `count` requests have come. */
  async waitForRequests(count: number, timeoutMs = 30_000): Promise<ReceivedDelivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.received.length >= count) return this.received;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${this.received.length} webhook requests within ${timeoutMs} ms, not ${count}`);
  }
}
