/**
 * Reads the project's `Pulumi.yaml` and a stack's `Pulumi.<stack>.yaml` the way the Pulumi CLI
 * would hand their config to the program, without the Pulumi CLI: plain values only. Encrypted
 * (`secure:`) values need the stack's secrets provider; this project keeps none in config, so
 * they are left out rather than required.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import { UsageError } from "../errors";

/** The project this program is written for (`name:` in Pulumi.yaml). */
export const PROJECT_NAME = "onboarding";

export interface StackFiles {
  /** Path of Pulumi.<stack>.yaml, for messages. */
  stackFile: string;
  /** Full keys (`onboarding:apps`) to plain YAML values, project defaults applied. */
  config: Record<string, unknown>;
  /** Keys whose value is encrypted (`secure:`) and was left out. */
  ignoredSecureKeys: string[];
}

/** Stack names the Pulumi CLI accepts; an `org/project/` prefix is allowed and dropped. */
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;

/** The file name part of `--stack`: `acme/onboarding/dev` -> `dev`. */
export function stackFileName(stack: string): string {
  const name = stack.split("/").pop() ?? "";
  if (!STACK_NAME.test(name))
    throw new UsageError(
      `--stack ${JSON.stringify(stack)} is not a stack name`,
      "use letters, digits, '-', '_' or '.', as in `pulumi stack init dev`",
    );
  return name;
}

export async function readStackFiles(cwd: string, stack: string): Promise<StackFiles> {
  const name = stackFileName(stack);
  const projectFile = join(cwd, "Pulumi.yaml");
  const project = await readYaml(
    projectFile,
    `run the rehearsal from the project folder (the one holding Pulumi.yaml with name: ${PROJECT_NAME})`,
  );
  if (project.name !== PROJECT_NAME)
    throw new UsageError(
      `${projectFile}: project name is ${JSON.stringify(project.name ?? null)}, but this program is the ${PROJECT_NAME} project`,
      `run from this repository's folder, or set \`name: ${PROJECT_NAME}\` in Pulumi.yaml`,
    );
  const stackFile = join(cwd, `Pulumi.${name}.yaml`);
  const stackDoc = await readYaml(
    stackFile,
    `create it with \`pulumi stack init ${name}\` (or copy Pulumi.dev.yaml), or pass another --stack`,
  );
  const written = stackDoc.config ?? {};
  if (!isRecord(written))
    throw new UsageError(
      `${stackFile}: config is not a mapping of keys to values`,
      "write config as `config:` followed by indented `key: value` lines",
    );

  const config: Record<string, unknown> = projectDefaults(project.config);
  const ignoredSecureKeys: string[] = [];
  for (const [key, value] of Object.entries(written)) {
    if (isRecord(value) && "secure" in value && Object.keys(value).length === 1) {
      ignoredSecureKeys.push(key);
      continue;
    }
    config[key] = value;
  }
  return { stackFile, config, ignoredSecureKeys };
}

/**
 * Project-level defaults, as Pulumi applies them: `key: value`, or `key: { default: value }`
 * beside a description; keys without a namespace belong to the project.
 */
function projectDefaults(block: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isRecord(block)) return out;
  for (const [key, spec] of Object.entries(block)) {
    const full = key.includes(":") ? key : `${PROJECT_NAME}:${key}`;
    if (!isRecord(spec)) out[full] = spec;
    else if ("default" in spec) out[full] = spec.default;
    else if ("value" in spec) out[full] = spec.value;
  }
  return out;
}

async function readYaml(file: string, fix: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(
      code === "ENOENT" ? `${file} does not exist` : `cannot read ${file} (${code ?? e})`,
      fix,
    );
  }
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new UsageError(
      `${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
      "fix the line named; YAML indentation uses spaces, not tabs",
    );
  }
  if (!isRecord(doc))
    throw new UsageError(`${file} is not a YAML mapping`, "compare it with Pulumi.dev.yaml");
  return doc;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
