import { describe, expect, it } from "vitest";
import { alertSeverity, bySeverity, channelSplit } from "../../src/alerts/severity.js";
import { comparableAmount } from "../../src/money.js";

describe("an alert's severity", () => {
  it("adds ARR, the decline, the renewal's nearness and the band", () => {
    // Acme on the demo portfolio: $240k, −47 in 30 days, renews in 45 days, yellow.
    expect(alertSeverity({ arr: 240_000, decline: 47, daysToRenewal: 45, band: "yellow" })).toBe(80);
    expect(alertSeverity({ arr: 1_000, decline: 0, daysToRenewal: null, band: "green" })).toBe(0);
    expect(alertSeverity({ arr: 5_000_000, decline: 80, daysToRenewal: 0, band: "red" })).toBe(100);
  });

  it("puts a large collapse renewing soon before a small account that only turned red", () => {
    const alerts = [
      {
        name: "Small",
        arr: 12_000,
        severity: alertSeverity({ arr: 12_000, decline: 5, daysToRenewal: 300, band: "red" }),
      },
      {
        name: "Acme",
        arr: 240_000,
        severity: alertSeverity({ arr: 240_000, decline: 47, daysToRenewal: 45, band: "yellow" }),
      },
      {
        name: "Mid",
        arr: 92_000,
        severity: alertSeverity({ arr: 92_000, decline: 20, daysToRenewal: 120, band: "yellow" }),
      },
    ];

    expect([...alerts].sort(bySeverity).map((a) => a.name)).toEqual(["Acme", "Mid", "Small"]);
  });

  it("compares ARR across currencies", () => {
    const yen = alertSeverity({
      arr: comparableAmount(36_000_000, "JPY"),
      decline: 20,
      daysToRenewal: 60,
      band: "red",
    });
    const dollars = alertSeverity({
      arr: comparableAmount(24_000, "USD"),
      decline: 20,
      daysToRenewal: 60,
      band: "red",
    });

    expect(yen).toBeGreaterThan(dollars);
  });
});

describe("the channel's cap per sweep", () => {
  it("counts the summaries: a baseline and an “N more” leave 18 alerts of 20", () => {
    expect(channelSplit(238, 20, true)).toEqual({ individual: 18, more: true, messages: 20 });
    expect(channelSplit(238, 20, false)).toEqual({ individual: 19, more: true, messages: 20 });
  });

  it("posts every alert when they fit", () => {
    expect(channelSplit(19, 20, true)).toEqual({ individual: 19, more: false, messages: 20 });
  });
});
