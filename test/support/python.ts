import { spawnSync } from "node:child_process";

/**
 * Finds a Python interpreter with MSAL (`msal` module, Debian package python3-msal). Debian's
 * package installs into the system interpreter, which a pyenv `python3` on PATH shadows, so
 * both are probed.
 */
export function findPythonWithMsal(candidates = ["python3", "/usr/bin/python3", "python"]): {
  python?: string;
  msalVersion?: string;
  tried: string[];
} {
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ["-c", "import msal, sys; print(msal.__version__)"], {
      encoding: "utf8",
      timeout: 15_000,
    });
    if (r.status === 0) return { python, msalVersion: r.stdout.trim(), tried: [...tried, python] };
    tried.push(python);
  }
  return { tried };
}
