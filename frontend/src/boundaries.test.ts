// The lint rule between layers (eslint.config.js), run on code placed where it would sit: a
// feature importing another is refused, whatever spelling the import uses.
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const eslint = new ESLint({ cwd: root });

const features = readdirSync(new URL("./features/", import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

/** A module of `feature` to import: its first screen or documents file. */
function moduleOf(feature: string): string {
  const file = readdirSync(new URL(`./features/${feature}/`, import.meta.url))
    .filter((name) => /\.tsx?$/.test(name) && !name.includes(".test."))
    .sort()[0];
  return file.replace(/\.tsx?$/, "");
}

/** The boundary errors for `code` as the file `path` (under src/). */
async function boundaryErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}src/${path}` });
  return result.messages.filter((m) => m.ruleId === "import-x/no-restricted-paths" && m.severity === 2).map((m) => m.message);
}

describe("feature boundaries", () => {
  it("finds the features", () => {
    expect(features).toEqual(expect.arrayContaining(["appeals", "catalog", "orgs", "buildings", "works", "rating", "channels", "auth", "platform"]));
  });

  it("refuses a feature importing another, for every feature", async () => {
    for (const feature of features) {
      const other = features.find((f) => f !== feature)!;
      const errors = await boundaryErrors(
        `features/${feature}/Probe.tsx`,
        `import * as other from "../${other}/${moduleOf(other)}";\nexport const probe = other;\n`,
      );
      expect(errors, `features/${feature} importing features/${other}`).toHaveLength(1);
      expect(errors[0]).toContain(`A feature does not import another: features/${feature}`);
    }
  }, 60_000);

  it("refuses every spelling: through src/features, a re-export, a type, a dynamic import", async () => {
    const errors = await boundaryErrors(
      "features/appeals/Probe.tsx",
      [
        `import { Catalog } from "../../features/catalog/Catalog";`,
        `import type { Organizations } from "./../orgs/Organizations";`,
        `export { Votes } from "../rating/Votes";`,
        `export const later = () => import("../works/Works");`,
        `export const probe: [typeof Catalog, typeof Organizations] = [Catalog, Catalog as never];`,
      ].join("\n"),
    );
    expect(errors).toHaveLength(4);
  }, 30_000);

  it("lets a feature import its own files and the shared layer", async () => {
    const errors = await boundaryErrors(
      "features/appeals/Probe.tsx",
      [
        `import { AppealTable } from "./AppealTable";`,
        `import { gql } from "../../api/client";`,
        `import { Table } from "../../components/Table";`,
        `import { useI18n } from "../../i18n/i18n";`,
        `import { useTenant } from "../../tenant/tenant";`,
        `import { ORG_KINDS } from "../orgs/../../api/enums";`,
        `export const probe = [AppealTable, gql, Table, useI18n, useTenant, ORG_KINDS];`,
      ].join("\n"),
    );
    expect(errors).toEqual([]);
  }, 30_000);

  it("refuses a feature importing the app", async () => {
    const errors = await boundaryErrors("features/rating/Probe.tsx", `import { StaffShell } from "../../app/StaffShell";\nexport const probe = StaffShell;\n`);
    expect(errors).toHaveLength(1);
  }, 30_000);

  it("refuses the shared layer importing a feature or the app", async () => {
    for (const layer of ["components", "api", "i18n", "tenant"]) {
      const errors = await boundaryErrors(
        `${layer}/Probe.tsx`,
        `import { Queue } from "../features/appeals/Queue";\nimport { App } from "../app/App";\nexport const probe = [Queue, App];\n`,
      );
      expect(errors, layer).toHaveLength(2);
    }
  }, 30_000);

  it("lets the app import features", async () => {
    const errors = await boundaryErrors(
      "app/Probe.tsx",
      `import { Settings } from "../features/platform/Settings";\nimport { MessagingChannels } from "../features/channels/MessagingChannels";\nexport const probe = [Settings, MessagingChannels];\n`,
    );
    expect(errors).toEqual([]);
  }, 30_000);
});
