/**
 * Shared by the benchmarks: timing helpers and one table format, so every bench prints its
 * subject beside the baseline measured in the same run.
 */
import { performance } from "node:perf_hooks";

export interface Timed<T> {
  value: T;
  ms: number;
}

export async function timed<T>(fn: () => Promise<T> | T): Promise<Timed<T>> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Median of `runs` timings (after `warmup` unmeasured runs). */
export async function medianMs(
  fn: () => Promise<unknown> | unknown,
  runs = 5,
  warmup = 1,
): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push((await timed(fn)).ms);
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

export type Row = Record<string, string | number>;

/** Prints a titled table to stdout (vitest shows it under the bench). */
export function printTable(title: string, rows: Row[], notes: string[] = []): void {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: string | number | undefined) => (typeof v === "number" ? fmt(v) : (v ?? ""));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padEnd(widths[i])).join("  ");
  const out = [`\n== ${title}`, line(cols), line(widths.map((w) => "-".repeat(w)))];
  for (const r of rows) out.push(line(cols.map((c) => String(cell(r[c])))));
  for (const n of notes) out.push(`   ${n}`);
  console.log(out.join("\n"));
}

function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2);
}

/** "12.3x" style ratio of baseline to subject (how many times faster the subject is). */
export function speedup(baselineMs: number, subjectMs: number): string {
  return `${(baselineMs / subjectMs).toFixed(1)}x`;
}
