// Types of blocks.js (browser code served as is), for the tests that exercise it in Node.

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export interface MrkdwnContext {
  userName(id: string): string;
  channelName(id: string): string;
}

export function escapeHtml(text: string): string;
export function mrkdwnHtml(text: string, ctx: MrkdwnContext): string;
export function viewState(blocks: unknown[], previous?: StateValues): StateValues;
export function hasValue(entry: Record<string, unknown> | undefined): boolean;
export function clientErrors(blocks: unknown[], values: StateValues): Record<string, string>;
