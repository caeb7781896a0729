// Child process for test/infra/runtimeLoad.test.ts: runs the program through Pulumi's own Node.js
// entry point (@pulumi/pulumi/cmd/run), with the arguments the nodejs language host passes for
// `pulumi up` on this project: --pwd is the program directory (Pulumi.yaml `main: infra/`), the
// entry point is ".", config arrives in PULUMI_CONFIG. The only stand-in is the resource monitor:
// no Pulumi CLI/engine exists here, so mocks are installed in its place before the entry starts.
//
// On exit it writes a JSON report to the file named by REPORT_FILE: registered resources, invokes,
// and the stack outputs exactly as they were sent to the monitor, secret values replaced by a
// marker. Nothing else is written, so stdout/stderr are the runtime's own.
"use strict";
const path = require("node:path");
const { writeFileSync } = require("node:fs");

const root = path.resolve(__dirname, "../..");
const runEntry = require.resolve("@pulumi/pulumi/cmd/run", { paths: [root] });
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [root] }));

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const report = { resources: [], calls: [], stackOutputs: null, secretPaths: [] };
const graphRoles = {
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "Group.Read.All": "5b567255-7703-4780-807c-7be8301ae99b",
};

pulumi.runtime.setMocks(
  {
    newResource(args) {
      report.resources.push(`${args.type}::${args.name}`);
      const state = { ...args.inputs, objectId: `obj-${args.name}` };
      if (args.type === "azuread:index/application:Application")
        state.clientId = `client-${args.name}`;
      if (args.type === "azuread:index/applicationPassword:ApplicationPassword") {
        Object.assign(state, {
          value: "child-mock-secret",
          keyId: "k1",
          startDate: "2026-11-24T00:00:00Z",
          endDate: "2027-05-23T00:00:00Z",
        });
      }
      return { id: args.custom ? `id-${args.name}` : undefined, state };
    },
    call(args) {
      report.calls.push(args.token);
      if (args.token !== "azuread:index/getServicePrincipal:getServicePrincipal")
        throw new Error(`unexpected invoke ${args.token}`);
      return { objectId: "graph-sp", appRoleIds: graphRoles, appRoles: [] };
    },
  },
  "onboarding",
  "dev",
  false,
);

// The stack's outputs as serialized for the engine (what `pulumi stack output` would show).
const monitor = pulumi.runtime.getMonitor();
const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
monitor.registerResourceOutputs = (req, callback) => {
  if (req.getUrn().includes("::pulumi:pulumi:Stack::")) {
    report.stackOutputs = redact(req.getOutputs().toJavaScript(), "");
  }
  return registerOutputs(req, callback);
};
// The engine's monitor acknowledges shutdown; the SDK's mock monitor lacks the method.
monitor.signalAndWaitForShutdown ??= (_req, callback) => callback(null, {});

function redact(value, at) {
  if (Array.isArray(value)) return value.map((v, i) => redact(v, `${at}[${i}]`));
  if (value && typeof value === "object") {
    if (value["4dabf18193072939515e22adb298388d"] === SECRET_SIG) {
      report.secretPaths.push(at);
      return "[secret]";
    }
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, redact(v, at ? `${at}.${k}` : k)]),
    );
  }
  return value;
}

process.argv = [
  process.execPath,
  runEntry,
  "--monitor",
  "in-process-mocks",
  "--project",
  "onboarding",
  "--stack",
  "dev",
  "--pwd",
  path.join(root, "infra"),
  ".",
];
require(runEntry);

// Registered after the entry's own exit handler, which sets the exit code when the program failed.
process.on("exit", () => {
  report.exitCode = process.exitCode ?? 0;
  report.cwd = process.cwd();
  report.tsNode =
    Object.keys(require.cache).find((p) => /ts-node/.test(p) && /index\.js$/.test(p)) ?? null;
  writeFileSync(process.env.REPORT_FILE, JSON.stringify(report));
});
