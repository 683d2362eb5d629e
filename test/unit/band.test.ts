import { describe, expect, it } from "vitest";
import { crmUrl } from "../../src/accounts/crm.js";
import {
  bandLegend,
  componentBand,
  describeBand,
  hysteresisNote,
  isAtRisk,
  isUnhealthy,
} from "../../src/health/band.js";
import { defaultHealthModel } from "../../src/health/default-model.js";

const model = defaultHealthModel();
const { red, green, margin } = model.bands;

describe("the one vocabulary of bands", () => {
  it("calls red at risk and yellow not healthy, and nothing else", () => {
    expect([isAtRisk("red"), isAtRisk("yellow"), isAtRisk("green"), isAtRisk(null)]).toEqual([
      true,
      false,
      false,
      false,
    ]);
    expect([isUnhealthy("red"), isUnhealthy("yellow"), isUnhealthy("green")]).toEqual([true, true, false]);
  });

  it("explains a band held by hysteresis, and only then", () => {
    expect(hysteresisNote(green + 2, "yellow", model)).toBe(`yellow until it reaches ${green + margin}`);
    expect(hysteresisNote(red + 1, "red", model)).toBe(`red until it reaches ${red + margin}`);
    expect(hysteresisNote(green - 1, "yellow", model)).toBeUndefined();
    expect(hysteresisNote(red - 1, "red", model)).toBeUndefined();
    expect(describeBand(green + 2, "yellow", model)).toBe(
      `🟡 ${green + 2}/100, needs attention (yellow until it reaches ${green + margin})`,
    );
  });

  it("colours a component by the band its own score falls in, with a legend", () => {
    expect([
      componentBand(100, model),
      componentBand(green - 1, model),
      componentBand(red - 1, model),
    ]).toEqual(["green", "yellow", "red"]);
    expect(bandLegend(model)).toContain(`🟩 ${green}+ healthy`);
  });
});

describe("the CRM link", () => {
  it("puts the account's CRM id, encoded, where the template says; no template, no link", () => {
    expect(crmUrl("https://example.my.salesforce.com/{external_id}", "001 A/B")).toBe(
      "https://example.my.salesforce.com/001%20A%2FB",
    );
    expect(crmUrl(undefined, "001")).toBeUndefined();
  });
});
