// A back-test lane's worker thread starts here: Kuroko runs its TypeScript sources through tsx
// (see src/cli/kuroko.mjs), and a worker thread does not inherit a loader registered in code,
// so it registers tsx itself before loading the lane.
import { register } from "tsx/esm/api";

register();
await import("./lane-worker.ts");
