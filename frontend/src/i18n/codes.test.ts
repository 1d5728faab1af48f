// No code of the API reaches the screen as it is: every value of the schema's enums that a page
// shows, and every string code the API documents (timeline kinds, actors, file kinds, settings,
// districts), has a text in each language.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

import { describe, expect, it } from "vitest";

import { actorText, ALERT_KINDS, alertKey, APPEAL_SETTINGS, attachmentKey, CASE_EVENT_KINDS, caseEventKey, DISTRICTS, districtName, districtTable, EVENT_KINDS, eventKey, settingHintKey, settingKey, tenantStatusKey } from "./codes";
import { enumLabel, translate } from "./i18n";
import { en } from "./messages/en";
import { kk } from "./messages/kk";
import { ru } from "./messages/ru";

const LANGUAGES = { kk, ru, en };
const schema = readFileSync(resolve(import.meta.dirname, "../../../docs/schema.graphql"), "utf8");

/** The values of a schema enum. */
function enumValues(name: string): string[] {
  const body = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(schema)?.[1];
  if (!body) throw new Error(`no enum ${name} in the schema`);
  return body
    .replace(/"""[\s\S]*?"""/g, "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[A-Z][A-Z0-9_]*$/.test(line));
}

/** Each enum a page shows, and the prefix of its texts. */
const SHOWN: [string, string, (v: string) => string][] = [
  ["AppealStatus", "status", (v) => v],
  ["AppealType", "appealType", (v) => v],
  ["Channel", "channel", (v) => v],
  ["OrgKind", "orgKind", (v) => v],
  ["Role", "role", (v) => v],
  ["OutageKind", "outageKind", (v) => v],
  ["PermitStatus", "permit", (v) => v],
  ["WorksStatus", "works", (v) => v],
  ["Language", "lang", (v) => v.toLowerCase()],
  ["CaseStatus", "caseStatus", (v) => v],
  ["CaseOutcome", "caseOutcome", (v) => v],
  ["HotspotLevel", "hotspots.level", (v) => v],
  ["Unrouted", "unrouted", (v) => v],
];

function expectText(key: string) {
  for (const [lang, texts] of Object.entries(LANGUAGES)) {
    expect((texts as Record<string, string>)[key]?.trim(), `${lang}: ${key}`).toBeTruthy();
  }
}

describe("the schema's enums", () => {
  for (const [name, prefix, value] of SHOWN) {
    it(`${name} has a text for every value`, () => {
      const values = enumValues(name);
      expect(values.length).toBeGreaterThan(1);
      for (const v of values) expectText(`${prefix}.${value(v)}`);
    });
  }

  it("write a value the frontend does not know yet as words, not as its code", () => {
    expect(enumLabel("en", "status", "WAITING_FOR_PARTS")).toBe("Waiting for parts");
    expect(enumLabel("kk", "status", "IN_PROGRESS")).toBe(kk["status.IN_PROGRESS"]);
    expect(enumLabel("ru", "orgKind", null)).toBe("—");
  });
});

describe("the API's string codes", () => {
  it("every timeline kind reads as words", () => {
    for (const kind of EVENT_KINDS) expectText(eventKey(kind));
    expect(eventKey("something_new")).toBe("event.other");
    // The kinds the schema documents are among them.
    const documented = /`registered`, `assign`, `take`, `resolve`, `close`, `overdue`, `linked`, `comment`/.test(schema);
    expect(documented).toBe(true);
    for (const kind of ["registered", "assign", "take", "resolve", "close", "overdue", "linked", "comment"]) {
      expect(EVENT_KINDS as readonly string[]).toContain(kind);
    }
  });

  it("every kind of a supervisor's alert reads as words, the schema's among them", () => {
    for (const kind of ALERT_KINDS) expectText(alertKey(kind));
    expect(alertKey("appeal.something_new")).toBe("alert.other");
    for (const kind of ["appeal.deadline_warning", "appeal.overdue", "appeal.systemic"]) {
      expect(schema).toContain(`\`${kind}\``);
      expect(ALERT_KINDS as readonly string[]).toContain(kind);
    }
  });

  it("every step of a systemic case reads as words, the schema's among them", () => {
    for (const kind of CASE_EVENT_KINDS) {
      expectText(caseEventKey(kind));
      expect(schema).toContain(`\`${kind}\``);
    }
    expect(caseEventKey("escalated")).toBe("caseEvent.other");
    expectText("caseEvent.other");
  });

  it("whoever acted reads as a person or a door, never as a label", () => {
    const cases: [string, string][] = [
      ["user:5", "actor.staff"],
      ["platform_admin:1", "actor.platformAdmin"],
      ["resident:7", "actor.resident"],
      ["resident", "actor.resident"],
      ["center", "actor.center"],
      ["system", "actor.system"],
      ["seed", "actor.seed"],
      ["console", "actor.console"],
      ["email", "actor.email"],
      ["telegram-bot", "actor.telegram"],
      ["open311:City app", "actor.open311App"],
      ["anonymous:10.0.0.1", "actor.anonymous"],
      ["robot:9", "actor.other"],
    ];
    for (const [label, key] of cases) {
      expect(actorText(label).key, label).toBe(key);
      expectText(key);
      for (const lang of ["kk", "ru", "en"] as const) {
        const text = translate(lang, actorText(label).key, actorText(label).vars);
        expect(text).not.toMatch(/user:|resident:|platform_admin|anonymous:|telegram-bot|^seed$|^system$|^console$/);
      }
    }
    expect(translate("ru", "actor.open311App", actorText("open311:City app").vars)).toContain("City app");
  });

  it("file kinds, settings and a city's status read as words", () => {
    for (const kind of ["photo", "video", "document"]) expectText(attachmentKey(kind));
    for (const s of APPEAL_SETTINGS) {
      expectText(settingKey(s.key));
      expectText(settingHintKey(s.key));
    }
    // The settings the API documents are the ones the page offers.
    for (const key of ["warn_share", "systemic_threshold", "repeat_radius_m", "forward_working_days", "extension_notice_working_days"]) {
      expect(schema).toContain(key);
      expect(APPEAL_SETTINGS.map((s) => s.key)).toContain(key);
    }
    for (const status of ["active", "suspended", "archived"]) expectText(tenantStatusKey(status));
  });

  it("districts have names in each language, and an unknown one is written as a name", () => {
    expect(districtName("baikonur", "kk")).toBe("Байқоңыр");
    expect(districtName("yesil", "ru")).toBe("Есиль");
    expect(districtName("saryarka", "en")).toBe("Saryarka");
    expect(districtName("left-bank", "en")).toBe("Left bank");
    expect(districtName(null, "en")).toBe("—");
    for (const names of Object.values(DISTRICTS)) {
      for (const name of Object.values(names)) expect(name).toMatch(/^\p{Lu}/u);
    }
  });

  it("districts take the city's own names from the API first, the table and the slug only without them", () => {
    const names = districtTable([
      { code: "Baikonur", name: { kk: "Байқоңыр ауданы", ru: "район Байконыр", en: "Baikonur district" } },
      { code: "left-bank", name: { kk: "Сол жағалау", ru: "Левый берег", en: "Left Bank" } },
      { code: "empty", name: { kk: "", ru: " ", en: "" } },
    ]);
    expect(districtName("baikonur", "kk", names)).toBe("Байқоңыр ауданы");
    expect(districtName("BAIKONUR", "ru", names)).toBe("район Байконыр");
    expect(districtName("left-bank", "en", names)).toBe("Left Bank");
    // Not among the city's: the table, else the slug as a name.
    expect(districtName("yesil", "kk", names)).toBe("Есіл");
    expect(districtName("empty", "en", names)).toBe("Empty");
    expect(districtName("east-side", "en", names)).toBe("East side");
    // A city with none: as before.
    expect(districtName("saryarka", "ru", districtTable([]))).toBe("Сарыарка");
    expect(districtName("saryarka", "ru", districtTable(null))).toBe("Сарыарка");
    expect(districtName(" ", "en", names)).toBe("—");
  });
});
