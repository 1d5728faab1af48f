// The analyst's and the supervisor's places and cases: two new buildings and their appeals made
// through the API, then the hotspots (the heat map, the ranked table equal to the server's count,
// the chronic addresses, a building and a chronic address opening exactly their appeals in the queue), the season readiness list
// (the presets' months, the table equal to the server's, its CSV with the byte-order mark, the
// sending after a question), the reports (a weekly XLSX downloaded in the browser, the appeals'
// CSV with residents' data, a refusal said in words), and a systemic case opened from a
// suggestion, worked and closed by a supervisor, shown on the board and the organizations'
// page, read only by an analyst; the new screens on a phone in Kazakh.
import { readFileSync } from "node:fs";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { en } from "../src/i18n/messages/en";
import { kk } from "../src/i18n/messages/kk";
import { todayIn } from "../src/i18n/format";
import { addDays, presetPeriod } from "../src/features/analytics/period";
import { audit } from "./axe";
import { api, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SLUG = "astana";
const SERVICE = "59";
const RUN = Date.now().toString(36);

interface Made {
  busy: { id: string; address: string };
  quiet: { id: string; address: string };
  categoryId: string;
  today: string;
  week: { from: string; to: string };
}

let made: Promise<Made> | null = null;

/** Two buildings near the center and their appeals: six at the busy one, two at the quiet one. */
function setUp(): Promise<Made> {
  made ??= (async () => {
    const admin = await token(SLUG, `admin@${SLUG}`);
    const operator = await token(SLUG, `operator@${SLUG}`);
    // Managed by the KSK that manages a building of the demo.
    const managing = (await api(SLUG, `query { buildings(page: { first: 50 }) { nodes { managingOrganization { id kind } } } }`)).buildings.nodes
      .map((b: { managingOrganization: { id: string; kind: string } | null }) => b.managingOrganization)
      .find((o: { kind: string } | null) => o && (o.kind === "KSK" || o.kind === "OSI"));
    const create = async (n: number, lat: number, lon: number) =>
      (
        await api(
          SLUG,
          `mutation($i: BuildingInput!) { createBuilding(input: $i) { id address } }`,
          {
            i: {
              code: `hot-${RUN}-${n}`,
              address: `ул. Очаговая ${RUN}, ${n}`,
              lat,
              lon,
              apartments: 40,
              floors: 5,
              managementForm: managing.kind,
              managingOrgId: managing.id,
            },
          },
          admin,
        )
      ).createBuilding as { id: string; address: string };
    const busy = await create(1, 51.1301, 71.4301);
    const quiet = await create(2, 51.1302, 71.4305);
    const register = (buildingId: string, i: number) =>
      api(
        SLUG,
        `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id } } }`,
        { i: { channel: "PHONE", serviceTypeId: SERVICE, description: `Again no water (${RUN} ${i})`, buildingId } },
        operator,
      );
    for (let i = 0; i < 6; i++) await register(busy.id, i);
    for (let i = 0; i < 2; i++) await register(quiet.id, i);
    const categoryId = (await api(SLUG, `query($id: ID!) { serviceType(id: $id) { categoryId } }`, { id: SERVICE }, operator)).serviceType.categoryId;
    const { timeZone } = (await api(SLUG, `query { currentTenant { timeZone } }`)).currentTenant;
    const today = todayIn(timeZone);
    return { busy, quiet, categoryId, today, week: presetPeriod("thisWeek", today) };
  })();
  return made;
}

async function staff(login: string, lang: "kk" | "ru" | "en" = "en", options = {}): Promise<Page> {
  const ctx = await context(browser, lang, options);
  const page = await ctx.newPage();
  await signIn(page, `/t/${SLUG}/staff`, login);
  return page;
}

const digits = (text: string | null) => Number((text ?? "").replace(/\D/g, ""));

test("an analyst finds where problems concentrate and the chronic addresses, each opening its appeals", async () => {
  const { busy, categoryId, week } = await setUp();
  const analyst = await token(SLUG, `analyst@${SLUG}`);
  const server = (
    await api(SLUG, `query($p: PeriodInput!) { hotspots(period: $p, level: BUILDING, limit: 500) { key appeals } }`, { p: week }, analyst)
  ).hotspots as { key: string; appeals: number }[];
  const expected = server.find((h) => h.key === `building:${busy.id}`)?.appeals;
  expect(expected).toBeGreaterThanOrEqual(6);

  const page = await staff(`analyst@${SLUG}`);
  await page.getByRole("link", { name: en["analytics.hotspots"] }).click();
  await page.getByRole("heading", { name: en["hotspots.title"] }).waitFor();
  // The ranked table: the busy building with the server's count.
  const row = page.getByTestId("hotspots").locator(`tr[data-key="building:${busy.id}"]`);
  await row.waitFor();
  expect(digits(await row.getByTestId("hotspot-appeals").textContent())).toBe(expected);
  // The heat map: cells drawn as squares, with a legend whose top step reaches the largest count.
  await page.locator(".leaflet-interactive").first().waitFor();
  const legend = page.getByTestId("legend");
  expect(await legend.textContent()).toContain("Appeals in a 500 m cell");
  expect(await legend.locator("li").count()).toBeGreaterThanOrEqual(1);
  // Switched to buildings, the map draws circles.
  await page.getByTestId("map-level").getByRole("button", { name: en["hotspots.level.BUILDING"] }).click();
  await expect.poll(() => page.url()).toContain("map=BUILDING");
  await expect.poll(() => legend.textContent()).toContain(en["hotspots.legendBuildings"]);
  await expect.poll(() => page.locator("path.leaflet-interactive").count()).toBeGreaterThanOrEqual(2);
  await shot(page, "analytics-hotspots");
  // Streets and cells rank too: the street of the two new buildings holds both.
  await page.getByTestId("table-level").getByRole("button", { name: en["hotspots.level.STREET"] }).click();
  const street = page.getByTestId("hotspots").locator('tr[data-key^="street:"]', { hasText: `ул. Очаговая ${RUN}` });
  await street.waitFor();
  expect(digits(await street.getByTestId("hotspot-appeals").textContent())).toBeGreaterThanOrEqual(8);
  await page.getByTestId("table-level").getByRole("button", { name: en["hotspots.level.CELL"] }).click();
  await expect.poll(() => page.getByTestId("hotspots").locator("tbody tr th", { hasText: "Cell at" }).count()).toBeGreaterThanOrEqual(1);

  // Chronic addresses in at least one quarter: the busy building, its history by quarter, the server's total.
  await page.getByTestId("category").selectOption(categoryId);
  await page.getByTestId("min-quarters").selectOption("1");
  const chronicServer = (
    await api(
      SLUG,
      `query($f: AnalyticsFilter, $d: NaiveDate) { chronicAddresses(filter: $f, asOf: $d, quarters: 4, minQuarters: 1, limit: 100) { buildingId total quarters { appeals } } }`,
      { f: { categoryId }, d: week.to },
      analyst,
    )
  ).chronicAddresses as { buildingId: string; total: number; quarters: { appeals: number }[] }[];
  const mine = chronicServer.find((c) => c.buildingId === busy.id);
  expect(mine?.total).toBeGreaterThanOrEqual(6);
  const chronic = page.getByTestId("chronic").locator(`tr[data-building="${busy.id}"]`);
  await chronic.waitFor();
  expect(digits(await chronic.getByTestId("chronic-total").textContent())).toBe(mine?.total);
  expect(await chronic.getByTestId("quarter-count").count()).toBe(4);
  expect((await chronic.getByTestId("quarter-count").allTextContents()).map(digits)).toEqual(mine?.quarters.map((q) => q.appeals));
  await chronic.scrollIntoViewIfNeeded();
  await shot(page, "analytics-chronic");

  // A building opens the queue with exactly its appeals: the building named, as many rows as it counts.
  await page.getByTestId("table-level").getByRole("button", { name: en["hotspots.level.BUILDING"] }).click();
  await row.getByRole("link").click();
  await page.getByTestId("narrowed").getByText(busy.address).waitFor();
  expect(page.url()).toContain(`building=${busy.id}`);
  expect(page.url()).not.toContain("text=");
  const rows = page.getByTestId("appeals").locator("tbody tr");
  await expect.poll(() => rows.count()).toBe(expected);
  // A chronic address opens its category's appeals at the building over the quarters: its total.
  await page.goBack();
  await chronic.getByRole("link").click();
  await expect.poll(() => page.url()).toContain(`building=${busy.id}`);
  expect(page.url()).toContain(`category=${categoryId}`);
  await expect.poll(() => rows.count()).toBe(mine?.total);
  await page.context().close();
});

test("a supervisor builds the season readiness list, exports it and sends it to the organizations", async () => {
  const { busy, categoryId, today } = await setUp();
  const page = await staff(`supervisor@${SLUG}`);
  await page.goto(`/t/${SLUG}/staff/analytics/readiness`);
  await page.getByRole("heading", { name: en["readiness.title"] }).waitFor();
  // Heating by default; a preset sets its months.
  expect(await page.getByTestId("start-month").inputValue()).toBe("10");
  expect(await page.getByTestId("end-month").inputValue()).toBe("4");
  await page.getByTestId("season-preset").selectOption("roofs");
  await expect.poll(() => page.url()).toContain("season=roofs");
  await expect.poll(() => page.getByTestId("start-month").inputValue()).toBe("3");
  await expect.poll(() => page.getByTestId("end-month").inputValue()).toBe("5");
  await expect.poll(() => page.getByTestId("list-title").inputValue()).toBe(en["readiness.listTitle.roofs"]);
  // This month as a season that has ended by the first day of the next: today's appeals count.
  const month = Number(today.slice(5, 7));
  const nextMonth = month === 12 ? `${Number(today.slice(0, 4)) + 1}-01-01` : `${today.slice(0, 4)}-${String(month + 1).padStart(2, "0")}-01`;
  await page.getByTestId("start-month").selectOption(String(month));
  await page.getByTestId("end-month").selectOption(String(month));
  await expect.poll(() => page.getByTestId("season-preset").inputValue()).toBe("custom");
  await page.getByTestId("season-count").selectOption("2");
  await page.getByTestId("as-of").fill(nextMonth);
  await page.getByTestId("category").selectOption(categoryId);
  await expect.poll(() => page.url()).toContain(`asOf=${nextMonth}`);
  const supervisor = await token(SLUG, `supervisor@${SLUG}`);
  const seasons = { seasons: 2, startMonth: month, endMonth: month, asOf: nextMonth };
  const server = (
    await api(
      SLUG,
      `query($f: AnalyticsFilter, $s: SeasonsInput!) { readinessList(filter: $f, seasons: $s, limit: 500) { buildingId total organizationId seasons { season appeals } } }`,
      { f: { categoryId }, s: seasons },
      supervisor,
    )
  ).readinessList as { buildingId: string; total: number; organizationId: string | null; seasons: { season: string; appeals: number }[] }[];
  const mine = server.find((l) => l.buildingId === busy.id);
  expect(mine?.total).toBeGreaterThanOrEqual(6);
  const row = page.getByTestId("readiness").locator(`tr[data-building="${busy.id}"]`);
  await row.waitFor();
  expect(digits(await row.getByTestId("readiness-total").textContent())).toBe(mine?.total);
  expect(await page.getByTestId("readiness").locator("thead th").allTextContents()).toEqual(
    expect.arrayContaining(mine!.seasons.map((s) => `Season ${s.season}`)),
  );
  expect(await page.getByTestId("readiness").locator("tbody tr").count()).toBe(server.length);
  await shot(page, "analytics-readiness");

  // The table as CSV, made in the browser: the byte-order mark, the header, the building.
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(file.suggestedFilename()).toMatch(/^astana-.*\.csv$/);
  const csv = readFileSync((await file.path()) as string, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  expect(csv).toContain("Responsible organization");
  expect(csv).toContain(busy.address);

  // Sent after a question that says to how many organizations.
  const organizations = new Set(server.map((l) => l.organizationId).filter(Boolean)).size;
  await page.getByTestId("list-title").fill(`Before the thaw ${RUN}`);
  await page.getByTestId("send").click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(`(organizations: ${organizations})`);
  await shot(page, "analytics-readiness-send");
  // Cancel is focused: Escape changes nothing.
  await page.keyboard.press("Escape");
  await expect.poll(() => dialog.count()).toBe(0);
  await page.getByTestId("send").click();
  await dialog.getByRole("button", { name: en["readiness.send"] }).click();
  await expect.poll(() => page.getByTestId("sent").textContent()).toBe(`The list was sent. Organizations that got it: ${organizations}.`);
  await page.context().close();
});

test("an analyst downloads the weekly report and the appeals, and is told why a download was refused", async () => {
  const { today } = await setUp();
  const page = await staff(`analyst@${SLUG}`);
  await page.goto(`/t/${SLUG}/staff/analytics/reports?period=thisMonth`);
  await page.getByRole("heading", { name: en["reports.title"] }).waitFor();
  // The language follows the page's.
  expect(await page.getByTestId("report-language").inputValue()).toBe("en");
  await page.getByTestId("report-language").selectOption("kk");
  const week = await page.getByTestId("week").inputValue();
  const [response, xlsx] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/reports/weekly.xlsx")),
    page.waitForEvent("download"),
    page.getByTestId("weekly-xlsx").click(),
  ]);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  expect(response.url()).toContain(`day=${week}`);
  expect(response.url()).toContain("lang=kk");
  expect(response.request().headers()["authorization"]).toMatch(/^Bearer /);
  expect(xlsx.suggestedFilename()).toBe(`astana-weekly-${week}.xlsx`);
  // An XLSX is a zip archive.
  expect(readFileSync((await xlsx.path()) as string).subarray(0, 2).toString()).toBe("PK");
  await expect.poll(() => page.getByTestId("download-status").textContent()).toMatch(/^Downloaded astana-weekly-.*\.xlsx \(/);

  // The appeals of the month with residents' data: the warning says it is recorded.
  expect(await page.getByTestId("audit-warning").textContent()).toBe(en["reports.audit"]);
  await page.getByTestId("personal").check();
  expect(await page.getByTestId("audit-warning").textContent()).toBe(en["reports.personalAudit"]);
  await shot(page, "analytics-reports");
  const [exported, csv] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/exports/appeals.csv")),
    page.waitForEvent("download"),
    page.getByTestId("export-appeals").click(),
  ]);
  expect(exported.status()).toBe(200);
  expect(exported.url()).toContain("personal=true");
  const month = presetPeriod("thisMonth", today);
  expect(exported.url()).toContain(`from=${month.from}`);
  const text = readFileSync((await csv.path()) as string, "utf8");
  expect(text.split("\n").length).toBeGreaterThan(2);
  expect(text).toContain("resident_phone");

  // A refusal reads in words: the server's JSON error becomes the page's text.
  await page.route("**/reports/quarterly.csv*", (route) =>
    route.fulfill({
      status: 403,
      contentType: "application/json",
      body: JSON.stringify({ errors: [{ message: "your role may not", extensions: { code: "FORBIDDEN" } }] }),
    }),
  );
  await page.getByTestId("quarterly-csv").click();
  const error = page.getByRole("alert");
  await error.waitFor();
  expect(await error.getAttribute("data-code")).toBe("FORBIDDEN");
  expect(await error.textContent()).toContain(en["error.FORBIDDEN"]);
  await page.context().close();

  // A city admin may not take residents' data: no such box.
  const admin = await staff(`admin@${SLUG}`);
  await admin.goto(`/t/${SLUG}/staff/analytics/reports`);
  await admin.getByTestId("export-appeals").waitFor();
  expect(await admin.getByTestId("personal").count()).toBe(0);
  await admin.context().close();
});

test("a supervisor opens a systemic case from a suggestion, works it and closes it; an analyst only reads", async () => {
  const { today } = await setUp();
  const admin = await token(SLUG, `admin@${SLUG}`);
  const setting = (key: string, value: string) => api(SLUG, `mutation($k: String!, $v: String!) { setAppealSetting(key: $k, value: $v) }`, { k: key, v: value }, admin);
  // Thresholds low enough that the year's demo appeals suggest a case.
  await setting("case_min_appeals", "1");
  await setting("case_overdue_share", "0.01");
  await setting("case_reopen_rate", "0.01");
  try {
    const page = await staff(`supervisor@${SLUG}`);
    await page.goto(`/t/${SLUG}/staff/analytics/cases?period=thisYear`);
    const suggestions = page.getByTestId("suggestions");
    await expect.poll(() => suggestions.locator("tbody tr[data-org]").count()).toBeGreaterThanOrEqual(1);
    const first = suggestions.locator("tbody tr[data-org]").first();
    const org = ((await first.locator("th").textContent()) ?? "").trim();
    const orgId = (await first.getAttribute("data-org")) as string;
    expect(await first.textContent()).toMatch(/overdue or resolved late|reopened/);
    await shot(page, "analytics-cases");
    await first.getByTestId("open-suggested").click();
    const form = page.getByTestId("case-form");
    await form.waitFor();
    const title = `${en["cases.suggestedTitle"].replace("{org}", org)}`;
    expect(await form.locator('input[name="title"]').inputValue()).toBe(title);
    await form.locator('input[name="title"]').fill(`${title} (${RUN})`);
    expect(await form.locator('textarea[name="reason"]').inputValue()).toMatch(/appeals received/);
    expect(await form.getByTestId("attach-appeals").isChecked()).toBe(true);
    await form.getByTestId("open-case").click();
    await page.getByRole("heading", { name: `Case: ${title} (${RUN})` }).waitFor();
    const caseUrl = page.url();
    expect(caseUrl).toMatch(/\/analytics\/cases\/\d+$/);
    expect(await page.getByTestId("case-status").textContent()).toBe(en["caseStatus.OPEN"]);
    await page.getByTestId("case-timeline").getByText(en["caseEvent.opened"]).waitFor();
    const attached = await page.getByTestId("case-appeals").locator("a").count();
    expect(attached).toBeGreaterThanOrEqual(1);

    // More appeals by their numbers: an unknown one is named, an appeal of the organization goes on.
    const shown = await page.getByTestId("case-appeals").locator("a").allTextContents();
    const ALL = ["REGISTERED", "ASSIGNED", "IN_PROGRESS", "REOPENED", "RESOLVED", "CLOSED", "REJECTED", "MERGED", "FORWARDED"];
    const theirs = (
      await api(SLUG, `query($f: AppealFilter!) { appeals(filter: $f, page: { first: 200 }) { nodes { number } } }`, { f: { organizationId: orgId, statuses: ALL } }, await token(SLUG, `supervisor@${SLUG}`))
    ).appeals.nodes.map((a: { number: string }) => a.number) as string[];
    const more = theirs.find((n) => !shown.includes(n));
    const attach = page.getByTestId("attach-form");
    await attach.locator('input[name="numbers"]').fill("AST-1999-999999");
    await attach.getByTestId("attach").click();
    expect(await attach.getByTestId("unknown-numbers").textContent()).toContain("AST-1999-999999");
    if (more) {
      await attach.locator('input[name="numbers"]').fill(more.toLowerCase());
      await attach.getByTestId("attach").click();
      await expect.poll(() => page.getByTestId("case-result").textContent()).toBe("Appeals attached: 1.");
      await page.getByTestId("case-appeals").getByRole("link", { name: more }).waitFor();
      await page.getByTestId("case-timeline").getByText(en["caseEvent.appeals_attached"]).waitFor();
    }

    // The authority's deadline, then moved: the reason is asked first.
    const deadline = page.getByTestId("deadline-form");
    await deadline.locator('input[name="authority"]').fill("Akimat of Astana");
    await deadline.locator('input[name="deadline"]').fill(addDays(today, 30));
    await deadline.getByTestId("save-deadline").click();
    await expect.poll(() => page.getByTestId("case-result").textContent()).toBe(en["cases.deadlineSaved"]);
    expect(await page.getByTestId("case-authority").textContent()).toBe("Akimat of Astana");
    await deadline.locator('input[name="deadline"]').fill(addDays(today, 45));
    await deadline.getByTestId("save-deadline").click();
    await deadline.locator('[data-field="reason"]').waitFor();
    await deadline.locator('textarea[name="reason"]').fill("The organization asked for time to replace the pipes");
    await deadline.getByTestId("save-deadline").click();
    await page.getByTestId("case-timeline").getByText(en["caseEvent.extended"]).waitFor();
    await page.getByTestId("case-timeline").getByText("The organization asked for time").waitFor();

    // The case is on the supervisor's board and on the organizations' page.
    await page.goto(`/t/${SLUG}/staff/supervisor`);
    await page.getByTestId("open-cases-panel").getByRole("link", { name: `${title} (${RUN})` }).waitFor();
    await shot(page, "supervisor-open-cases");
    const adminPage = await staff(`admin@${SLUG}`);
    await adminPage.getByTestId("organizations").locator("tbody tr").first().waitFor();
    await adminPage.getByPlaceholder(en["common.search"]).fill(org);
    const badge = adminPage.getByTestId("organizations").locator("tbody tr", { hasText: org }).getByTestId("org-case-badge");
    await badge.waitFor();
    expect(await badge.textContent()).toMatch(/^Open cases: \d+$/);
    await badge.click();
    await adminPage.getByTestId("cases-narrowed").waitFor();
    await adminPage.getByTestId("cases").getByRole("link", { name: `${title} (${RUN})` }).waitFor();
    await adminPage.context().close();

    // An analyst reads the case but has no step to take.
    const analyst = await staff(`analyst@${SLUG}`);
    await analyst.goto(caseUrl);
    await analyst.getByTestId("case-timeline").waitFor();
    expect(await analyst.getByTestId("deadline-form").count()).toBe(0);
    expect(await analyst.getByTestId("close-form").count()).toBe(0);
    expect(await analyst.getByTestId("attach-form").count()).toBe(0);
    await analyst.goto(`/t/${SLUG}/staff/analytics/cases?period=thisYear`);
    await analyst.getByTestId("cases").locator("tbody tr").first().waitFor();
    expect(await analyst.getByTestId("open-suggested").count()).toBe(0);
    expect(await analyst.getByTestId("new-case").count()).toBe(0);
    await analyst.context().close();

    // The report, then the case closed as ineffective after the question.
    await page.goto(caseUrl);
    await page.getByTestId("report-form").locator("textarea").fill("Pipes replaced in two buildings; three remain.");
    await page.getByTestId("save-report").click();
    await expect.poll(() => page.getByTestId("case-status").textContent()).toBe(en["caseStatus.REPORTED"]);
    const close = page.getByTestId("close-form");
    await close.getByLabel(en["caseOutcome.INEFFECTIVE"]).check();
    await close.locator("textarea").fill("Three buildings still without repairs after the deadline.");
    await shot(page, "analytics-case");
    await close.getByTestId("close-case").click();
    const dialog = page.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain("list of ineffective organizations");
    await dialog.getByRole("button", { name: en["cases.close"] }).click();
    await expect.poll(() => page.getByTestId("case-status").textContent()).toBe(en["caseStatus.CLOSED"]);
    expect(await page.getByTestId("case-outcome").textContent()).toBe(en["caseOutcome.INEFFECTIVE"]);
    expect(await page.getByTestId("close-form").count()).toBe(0);
    await page.getByTestId("case-timeline").getByText(en["caseEvent.closed"]).waitFor();

    // The period's ineffective organizations name it; the open list does not any more.
    await page.getByRole("link", { name: en["cases.back"] }).click();
    await page.getByTestId("ineffective").getByRole("link", { name: `${title} (${RUN})` }).waitFor();
    expect(await page.getByTestId("cases").getByRole("link", { name: `${title} (${RUN})` }).count()).toBe(0);
    await page.context().close();
  } finally {
    await setting("case_min_appeals", "10");
    await setting("case_overdue_share", "0.2");
    await setting("case_reopen_rate", "0.15");
  }
});

test("on a phone, in Kazakh, the new screens fit the width and pass axe", async () => {
  await setUp();
  const PHONE = { width: 390, height: 844 };
  const page = await (await context(browser, "kk", { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1, bypassCSP: true })).newPage();
  await page.goto(`/t/${SLUG}/staff`);
  await page.locator('input[name="login"]').fill(`supervisor@${SLUG}`);
  await page.locator('input[name="password"]').fill("qala-demo-109");
  await page.locator('button[type="submit"]').click();
  await page.locator(".brandbar").waitFor();
  const found: string[] = [];
  for (const [name, path] of [
    ["hotspots", "analytics/hotspots"],
    ["readiness", "analytics/readiness"],
    ["cases", "analytics/cases?period=thisYear"],
    ["reports", "analytics/reports"],
    ["supervisor", "supervisor"],
  ]) {
    await page.goto(`/t/${SLUG}/staff/${path}`);
    await page.locator("h1").first().waitFor();
    await page.waitForLoadState("networkidle");
    await page.waitForFunction(() => !document.querySelector('[data-testid="table-empty"]')?.textContent?.includes("…"));
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name}: wider than the phone`).toBeLessThanOrEqual(PHONE.width);
    found.push(...(await audit(page, `phone ${name}`)));
    await shot(page, `phone-analytics-${name}-kk`);
  }
  expect(found, `axe found:\n${found.join("\n")}`).toEqual([]);
  // The tabs speak Kazakh.
  expect(await page.locator("main").textContent()).toContain(kk["cases.panelTitle"]);
  await page.context().close();
});
