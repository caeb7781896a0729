/**
 * One problem found in the stack config. The CLI prints these and exits 2; the Pulumi program
 * throws them all at once in a ConfigValidationError before declaring anything.
 */
export interface ConfigIssue {
  /** Where, in config terms: `onboarding:apps[1].permissions[0].roles[2]`. */
  path: string;
  /** What is wrong, naming the bad value. */
  message: string;
  /** What to do about it, one sentence. */
  fix: string;
}

export type PathSegment = string | number;

/** `onboarding:apps` + [1, "permissions", 0] -> `onboarding:apps[1].permissions[0]`. */
export function formatPath(configKey: string, segments: readonly PathSegment[] = []): string {
  let out = configKey;
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : `.${s}`;
  return out;
}

/** One line per issue: `path: message Fix: fix`. */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path}: ${issue.message} Fix: ${issue.fix}`;
}

/** The whole report, as the program's error and the CLI print it. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  const noun = issues.length === 1 ? "problem" : "problems";
  return [
    `The stack config has ${issues.length} ${noun}:`,
    ...issues.map((i) => `  - ${formatIssue(i)}`),
  ].join("\n");
}

/** Quotes a value the user wrote, shortening long ones (a pasted PEM, say). */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (value === undefined) text = "nothing";
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
