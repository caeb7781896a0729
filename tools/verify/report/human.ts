import Table from "cli-table3";
import pc from "picocolors";
import type { VerifyReport } from "../types";

export interface HumanOptions {
  colour: boolean;
  width?: number;
}

/**
 * The report for people: one row per app and resource, failures explained under their row,
 * then a summary line.
 */
export function renderHuman(report: VerifyReport, o: HumanOptions): string {
  const c = pc.createColors(o.colour);
  const table = new Table({
    head: ["APP", "RESOURCE", "RESULT", "ROLES", "TOKEN", "TRIES", "CREDENTIAL"],
    chars: {
      top: "",
      "top-mid": "",
      "top-left": "",
      "top-right": "",
      bottom: "",
      "bottom-mid": "",
      "bottom-left": "",
      "bottom-right": "",
      left: "",
      "left-mid": "",
      mid: "",
      "mid-mid": "",
      right: "",
      "right-mid": "",
      middle: "  ",
    },
    style: { head: o.colour ? ["bold"] : [], border: [], "padding-left": 0, "padding-right": 0 },
    wordWrap: false,
  });
  const notes: string[] = [];
  for (const app of report.apps) {
    const cred = app.credential.expiresAt
      ? `${app.credential.type}, until ${app.credential.expiresAt.slice(0, 10)}`
      : app.credential.type;
    app.checks.forEach((ch, i) => {
      const result = ch.status === "pass" ? c.green("pass") : c.red("FAIL");
      let roles = ch.grantedRoles.join(" ") || "(none)";
      if (ch.missingRoles.length) roles = `missing: ${ch.missingRoles.join(" ")}`;
      else if (ch.extraRoles.length && ch.error) roles = `extra: ${ch.extraRoles.join(" ")}`;
      table.push([
        i === 0 ? app.name : "",
        ch.resource,
        result,
        roles,
        ch.tokenVersion ? `v${ch.tokenVersion[0]}` : "-",
        String(ch.attempts),
        i === 0 ? cred : "",
      ]);
      if (ch.error) {
        // Entra's sentence already starts with its code ("AADSTS7000215: ..."); don't say it twice.
        const what = ch.error.message.startsWith(ch.error.code)
          ? ch.error.message
          : `${ch.error.code}: ${ch.error.message}`;
        notes.push(`${c.red("✗")} ${app.name} → ${ch.resource}: ${what}`);
        if (ch.error.correlationId) notes.push(`    correlation id: ${ch.error.correlationId}`);
        notes.push(`    hint: ${ch.error.hint}`);
      }
      if (ch.claims)
        notes.push(
          `  claims of ${app.name} → ${ch.resource} (decoded, signature not shown):\n${indent(JSON.stringify(ch.claims, null, 2), 4)}`,
        );
    });
    if (app.checks.length === 0)
      table.push([
        app.name,
        "(no grants)",
        app.status === "pass" ? c.green("pass") : c.red("FAIL"),
        "",
        "-",
        "0",
        cred,
      ]);
    if (app.credential.warning)
      notes.push(`${c.yellow("!")} ${app.name}: ${app.credential.warning}`);
  }
  const { passed, failed, durationMs } = report.summary;
  const summary = `${failed ? c.red(`${failed} failed`) : c.green("all passed")}: ${passed} of ${passed + failed} app(s) passed in ${(durationMs / 1000).toFixed(1)} s`;
  return [table.toString(), ...(notes.length ? ["", ...notes] : []), "", summary, ""].join("\n");
}

function indent(s: string, n: number): string {
  const pad = " ".repeat(n);
  return s
    .split("\n")
    .map((l) => pad + l)
    .join("\n");
}
