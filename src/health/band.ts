import type { Band } from "./model.js";

/** How a band is shown wherever Kuroko names one: the card, alerts, reminders, the digest, Home. */
export const BAND_EMOJI: Record<Band, string> = { green: "🟢", yellow: "🟡", red: "🔴" };
