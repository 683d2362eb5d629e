import { buildHealthModel, type HealthModel, type HealthModelInput } from "./model.js";

const higher = "higher_is_better" as const;
const lower = "lower_is_better" as const;

/** Kuroko's default model: usage first, then support, adoption, sentiment, engagement, billing. */
export const DEFAULT_MODEL_SPEC: HealthModelInput = {
  name: "kuroko-default",
  components: [
    {
      key: "usage",
      label: "Usage",
      weight: 35,
      metrics: [
        {
          signal: "active_user_ratio",
          direction: higher,
          weight: 2,
          points: [
            [10, 0],
            [30, 30],
            [50, 60],
            [70, 85],
            [85, 100],
          ],
        },
        {
          signal: "logins_per_seat",
          direction: higher,
          weight: 1,
          points: [
            [0, 0],
            [4, 40],
            [10, 75],
            [20, 100],
          ],
        },
      ],
    },
    {
      key: "adoption",
      label: "Adoption",
      weight: 15,
      metrics: [
        {
          signal: "feature_adoption",
          direction: higher,
          points: [
            [10, 0],
            [30, 40],
            [50, 70],
            [75, 100],
          ],
        },
      ],
    },
    {
      key: "support",
      label: "Support",
      weight: 20,
      metrics: [
        {
          signal: "open_tickets",
          direction: lower,
          weight: 1,
          points: [
            [0, 100],
            [3, 80],
            [6, 50],
            [10, 20],
            [15, 0],
          ],
        },
        {
          signal: "p1_tickets_30d",
          direction: lower,
          weight: 1.5,
          points: [
            [0, 100],
            [1, 60],
            [2, 30],
            [4, 0],
          ],
        },
      ],
    },
    {
      key: "sentiment",
      label: "Sentiment",
      weight: 15,
      metrics: [
        {
          signal: "nps",
          direction: higher,
          points: [
            [-50, 0],
            [0, 40],
            [30, 75],
            [60, 100],
          ],
        },
        {
          signal: "csat",
          direction: higher,
          points: [
            [50, 0],
            [70, 50],
            [85, 80],
            [95, 100],
          ],
        },
      ],
    },
    {
      key: "engagement",
      label: "Engagement",
      weight: 10,
      metrics: [
        {
          signal: "days_since_last_touch",
          direction: lower,
          points: [
            [7, 100],
            [14, 85],
            [30, 55],
            [60, 20],
            [90, 0],
          ],
        },
      ],
    },
    {
      key: "billing",
      label: "Billing",
      weight: 5,
      metrics: [
        {
          signal: "days_overdue",
          direction: lower,
          points: [
            [0, 100],
            [15, 60],
            [30, 30],
            [60, 0],
          ],
        },
      ],
    },
  ],
  bands: { red: 40, green: 70, margin: 5 },
  freshness: { staleAfterDays: 14, ignoreAfterDays: 180 },
};

export const defaultHealthModel = (): HealthModel => buildHealthModel(DEFAULT_MODEL_SPEC);
