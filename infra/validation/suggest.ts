/**
 * "Did you mean" for names the user typed: role values, API names, config keys. Pure, so the CLI
 * and the program suggest the same names.
 */

/** Optimal-string-alignment distance: Levenshtein plus transposition of adjacent characters. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, prevPrev[j - 2] + 1);
      }
      row.push(d);
    }
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

/**
 * Up to `limit` candidates closest to `input`, best first. Case is ignored when measuring (Entra
 * role values are case-sensitive, so `user.read.all` must still point at `User.Read.All`), and a
 * candidate that extends what was typed (`User.Read` -> `User.Read.All`) counts as one edit away.
 * Returns [] when nothing is plausibly what was meant.
 */
export function nearest(input: string, candidates: Iterable<string>, limit = 3): string[] {
  const typed = input.toLowerCase();
  const threshold = Math.max(2, Math.ceil(typed.length / 3));
  const scored: { name: string; score: number; raw: number }[] = [];
  for (const name of candidates) {
    if (name === input) continue;
    const lower = name.toLowerCase();
    const raw = editDistance(typed, lower);
    const score = typed.length > 0 && lower.startsWith(typed) ? Math.min(raw, 1) : raw;
    if (score <= threshold) scored.push({ name, score, raw });
  }
  scored.sort((x, y) => x.score - y.score || x.raw - y.raw || (x.name < y.name ? -1 : 1));
  // Differing only in case is almost certainly the one meant: name it alone.
  const sameLetters = scored.filter((s) => s.raw === 0);
  return (sameLetters.length > 0 ? sameLetters : scored).slice(0, limit).map((s) => s.name);
}

/** " Did you mean A, B or C?" or "" when there is nothing close. */
export function didYouMean(input: string, candidates: Iterable<string>, limit = 3): string {
  const names = nearest(input, candidates, limit);
  return names.length === 0 ? "" : ` Did you mean ${orList(names)}?`;
}

/** "A", "A or B", "A, B or C". */
export function orList(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}
