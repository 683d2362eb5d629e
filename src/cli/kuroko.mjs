#!/usr/bin/env node
// The package's `kuroko` executable: runs the TypeScript sources through tsx, so the command
// works right after `npm install`, with no build step.
import { register } from "tsx/esm/api";

register();
await import("./index.ts");
