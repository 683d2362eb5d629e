import { readFileSync } from "node:fs";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { useApp } from "../support/harness.js";

interface Manifest {
  features: {
    slash_commands?: { command: string }[];
    shortcuts?: { callback_id: string; type: string }[];
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions?: { bot_events?: string[] }; interactivity?: { is_enabled: boolean } };
}

const manifestText = readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8");
const manifest = parse(manifestText) as Manifest;
const schema = JSON.parse(
  readFileSync(new URL("../support/slack-specs/manifest.schema.1.0.0.json", import.meta.url), "utf8"),
);

const t = useApp();

const sorted = (values: string[]) => [...new Set(values)].sort();

describe("manifest.yml", () => {
  it("is a valid app manifest by Slack's own JSON Schema", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);

    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("declares exactly the slash commands the app registers", () => {
    const declared = (manifest.features.slash_commands ?? []).map((c) => c.command);

    expect(sorted(declared)).toEqual(sorted(t.app.kuroko.registered.commands));
  });

  it("declares exactly the global shortcuts the app registers", () => {
    const declared = (manifest.features.shortcuts ?? [])
      .filter((s) => s.type === "global")
      .map((s) => s.callback_id);

    expect(sorted(declared)).toEqual(sorted(t.app.kuroko.registered.shortcuts));
  });

  it("subscribes to exactly the events the app listens to", () => {
    const declared = manifest.settings.event_subscriptions?.bot_events ?? [];

    expect(sorted(declared)).toEqual(sorted(t.app.kuroko.registered.events));
  });

  it("enables interactivity when the app listens to actions, views or shortcuts", () => {
    const { actions, views, shortcuts } = t.app.kuroko.registered;
    const interactive = actions.length + views.length + shortcuts.length > 0;

    expect(manifest.settings.interactivity?.is_enabled ?? false).toBe(interactive);
  });

  it("asks for the scopes the app's Web API calls need", () => {
    const scopes = manifest.oauth_config.scopes.bot;

    expect(scopes).toEqual(expect.arrayContaining(["commands", "chat:write", "im:write", "usergroups:read"]));
    // `kuroko import accounts` finds owners named by e-mail with users.lookupByEmail.
    expect(scopes).toEqual(expect.arrayContaining(["users:read", "users:read.email"]));
    // `/csops model` uploads its charts (files.getUploadURLExternal, files.completeUploadExternal).
    expect(scopes).toContain("files:write");
  });
});
