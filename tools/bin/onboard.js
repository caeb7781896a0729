#!/usr/bin/env node
"use strict";
// The `onboard` bin. Runs the compiled CLI from dist/ (built by `npm ci` through the `prepare`
// script, or by `npm run build`) so start-up does not pay for a TypeScript compiler.
const path = require("node:path");

let cli;
try {
  cli = require(path.join(__dirname, "..", "..", "dist", "tools", "cli.js"));
} catch (e) {
  if (e && e.code === "MODULE_NOT_FOUND" && String(e.message).includes("dist")) {
    process.stderr.write(
      "error: the CLI is not built yet\nhint: run `npm run build` (npm ci does it for you)\n",
    );
    process.exitCode = 3;
    return;
  }
  throw e;
}
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`error: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 3;
  },
);
