import type { VerifyReport } from "../types";

/**
 * JUnit XML for CI systems: one test suite, one test case per app and resource, failures
 * carrying the AADSTS code, message, hint and correlation id.
 */
export function renderJunit(report: VerifyReport): string {
  const cases = report.apps.flatMap((app) =>
    (app.checks.length ? app.checks : [null]).map((ch) => {
      const name = ch ? `${app.name} → ${ch.resource}` : `${app.name} (no grants)`;
      const attrs = `classname="onboard.verify.${xml(app.name)}" name="${xml(name)}" time="0"`;
      if (!ch) {
        return app.status === "pass"
          ? `    <testcase ${attrs}/>`
          : `    <testcase ${attrs}>\n      <failure message="${xml(app.credential.warning ?? "failed")}"/>\n    </testcase>`;
      }
      if (ch.status === "pass") return `    <testcase ${attrs}/>`;
      const e = ch.error;
      const detail = e
        ? [
            `${e.code}: ${e.message}`,
            `hint: ${e.hint}`,
            e.correlationId ? `correlation id: ${e.correlationId}` : "",
            `attempts: ${ch.attempts}`,
          ]
            .filter(Boolean)
            .join("\n")
        : "failed";
      return `    <testcase ${attrs}>\n      <failure message="${xml(e ? `${e.code}: ${e.message}` : "failed")}" type="${xml(e?.code ?? "failure")}">${xml(detail)}</failure>\n    </testcase>`;
    }),
  );
  const tests = cases.length;
  const failures = cases.filter((c) => c.includes("<failure")).length;
  const seconds = (report.summary.durationMs / 1000).toFixed(3);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="onboard verify" tests="${tests}" failures="${failures}" time="${seconds}">`,
    `  <testsuite name="onboard verify" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}

function xml(s: string): string {
  return (
    s
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      // XML 1.0 cannot carry most control characters at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}
