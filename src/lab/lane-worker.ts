import { parentPort, workerData } from "node:worker_threads";
import { Lane, type LaneSetup, type LaneSlice } from "./lane.js";

/**
 * A back-test lane in a worker thread (started by backtest.ts through lane-worker.mjs): takes
 * slices (`{ slice }`), answers `{ done }` after each, and on `{ end: true }` sends its numbers
 * (`{ result }`) and stops listening, so the thread exits. An error ends the thread (the
 * parent's `error` event).
 */
const port = parentPort!;
const lane = new Lane(workerData as LaneSetup);
let work = Promise.resolve();
port.on("message", (message: { slice: LaneSlice } | { end: true }) => {
  work = work.then(async () => {
    if ("slice" in message) {
      await lane.replay(message.slice);
      port.postMessage({ done: true });
    } else {
      port.postMessage({ result: lane.result });
      port.close();
    }
  });
  work.catch((error: unknown) => {
    // Thrown outside the promise chain: the worker's `error` event carries it to the parent.
    setImmediate(() => {
      throw error;
    });
  });
});
