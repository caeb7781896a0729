/**
 * The error the program throws for bad stack config. A pulumi.RunError, because Pulumi's Node.js
 * runtime prints a RunError's message without a stack trace: the user sees the list of issues,
 * not our call stack.
 */
import * as pulumi from "@pulumi/pulumi";
import { formatIssues, type ConfigIssue } from "./validation/issues";

export class ConfigValidationError extends pulumi.RunError {
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(formatIssues(issues));
    this.name = "ConfigValidationError";
    // No call stack either: the runtime still formats `stack` for its tracing span even though
    // it prints only the message, and source-mapping every frame took ~15 s per failed run
    // (measured with @pulumi/pulumi 3.248 under ts-node). A config error's stack helps nobody.
    this.stack = `${this.name}: ${this.message}`;
  }
}
