import { describe, expect, it } from "vitest";
import { useApp } from "../support/harness.js";
import { appHomeOpened, eventCallback, USERS } from "../support/payloads.js";

/** App Home through the real app: a signed event in, views.publish out. */

const t = useApp({ now: new Date("2026-11-22T09:00:00Z") });

describe("the App Home tab", () => {
  it("is drawn only when the Home tab opens, not the Messages tab", async () => {
    await t.app.slack.event(
      eventCallback({
        type: "app_home_opened",
        user: USERS.csm,
        channel: "D0HOME",
        tab: "messages",
        event_ts: `${Date.now() / 1000}`,
      }),
    );
    // Events are handled before the app answers (processBeforeResponse): this one is done.
    expect(t.fake.callsTo("views.publish")).toEqual([]);

    await t.app.slack.event(appHomeOpened(USERS.csm));

    const publish = await t.fake.waitForCall("views.publish");
    expect(publish.body.user_id).toBe(USERS.csm);
    expect(t.fake.callsTo("views.publish")).toHaveLength(1);
  });
});
