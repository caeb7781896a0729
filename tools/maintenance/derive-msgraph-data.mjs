#!/usr/bin/env node
// Derives infra/data/msgraph-permissions.json, the project's compact copy of Microsoft Graph's
// application permissions and their privilege tiers, from the two reference files a maintainer
// has checked out beside this repository (default ../shared/data). The product never reads the
// reference files itself: a user's clone only has the derived file.
//
//   node tools/maintenance/derive-msgraph-data.mjs [referenceDir]
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const refDir = resolve(process.argv[2] ?? join(here, "../../../shared/data"));
const perms = JSON.parse(
  readFileSync(join(refDir, "msgraph-application-permissions.json"), "utf8"),
);
const tiers = JSON.parse(readFileSync(join(refDir, "msgraph-permission-tiers.json"), "utf8"));

const tierOf = new Map(tiers.tiers.map((t) => [t.value, t.tier]));
const byValue = (a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

const out = {
  source:
    "Derived by tools/maintenance/derive-msgraph-data.mjs from msgraph-application-permissions.json " +
    "(" +
    perms.source +
    ") and msgraph-permission-tiers.json (" +
    tiers.source +
    "). " +
    "roles: [value, appRoleId, tier] where tier 0 = known path to Global Admin, 1 = sensitive, " +
    "2 = unprivileged, null = not tiered by the source. disabled/removed: [value, appRoleId].",
  resourceAppId: perms.resourceAppId,
  roles: [...perms.appRoles]
    .sort(byValue)
    .map((r) => [r.value, r.id, tierOf.has(r.value) ? tierOf.get(r.value) : null]),
  disabled: [...perms.disabledAppRoles].sort(byValue).map((r) => [r.value, r.id]),
  removed: [...perms.removedAppRoles].sort(byValue).map((r) => [r.value, r.id]),
};

// One entry per line keeps diffs of future refreshes readable.
const lines = [
  "{",
  `  "source": ${JSON.stringify(out.source)},`,
  `  "resourceAppId": ${JSON.stringify(out.resourceAppId)},`,
  `  "roles": [\n${out.roles.map((r) => "    " + JSON.stringify(r)).join(",\n")}\n  ],`,
  `  "disabled": [\n${out.disabled.map((r) => "    " + JSON.stringify(r)).join(",\n")}\n  ],`,
  `  "removed": [\n${out.removed.map((r) => "    " + JSON.stringify(r)).join(",\n")}\n  ]`,
  "}",
  "",
];
const target = join(here, "../../infra/data/msgraph-permissions.json");
writeFileSync(target, lines.join("\n"));
console.log(
  `wrote ${target}: ${out.roles.length} roles, ${out.disabled.length} disabled, ${out.removed.length} removed`,
);
