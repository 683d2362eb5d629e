import { describe, expect, it } from "vitest";
import { acknowledgesCover, coveringRequest, RENEWAL_COVER_DAYS } from "../../src/contracts/renewal-cover.js";
import { addDays } from "../../src/time.js";

const renewal = new Date("2027-01-07T00:00:00Z");
const request = (over: Partial<Parameters<typeof coveringRequest>[0][number]> & { number: number }) => ({
  type: "renewal" as const,
  status: "approved" as const,
  startDate: renewal,
  ...over,
});

describe("the renewal request covering a renewal", () => {
  it("is an open or approved renewal request starting on the renewal date or a few days from it", () => {
    expect(coveringRequest([request({ number: 1 })], renewal)?.number).toBe(1);
    expect(
      coveringRequest([request({ number: 2, status: "in_review", startDate: addDays(renewal, -6) })], renewal)
        ?.number,
    ).toBe(2);
    expect(
      coveringRequest([request({ number: 3, startDate: addDays(renewal, RENEWAL_COVER_DAYS + 1) })], renewal),
    ).toBeUndefined();
  });

  it("is never a rejected request, another type, or one without a start date", () => {
    const none = [
      request({ number: 1, status: "rejected" }),
      request({ number: 2, type: "upsell" }),
      request({ number: 3, startDate: null }),
    ];
    expect(coveringRequest(none, renewal)).toBeUndefined();
  });

  it("prefers the closest start date, then the approved one", () => {
    const open = request({ number: 1, status: "submitted" });
    const approved = request({ number: 2 });
    const farther = request({ number: 3, startDate: addDays(renewal, 2) });
    expect(coveringRequest([farther, open, approved], renewal)?.number).toBe(2);
    expect(coveringRequest([farther, open], renewal)?.number).toBe(1);
  });

  it("is acknowledged when the notes name it", () => {
    expect(acknowledgesCover("Re-paper of CR-1042: new terms", 1042)).toBe(true);
    expect(acknowledgesCover("see cr1042", 1042)).toBe(true);
    expect(acknowledgesCover("see CR-10421", 1042)).toBe(false);
    expect(acknowledgesCover(null, 1042)).toBe(false);
  });
});
