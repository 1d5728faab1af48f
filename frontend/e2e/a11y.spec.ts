// Accessibility as a gate: axe-core runs on every screen — the console's (intake, queue, an
// appeal's page, callbacks, the supervisor's board and alerts, the analytics' figures, control
// of execution, hotspots, season readiness, systemic cases and reports, outages, the registries),
// the admin's
// (organizations, buildings, catalog, works, users, settings, audit log, votes), the platform's,
// the portal's (before and after the phone is confirmed) and the sign-in pages — in Kazakh,
// Russian and English, each language in another city's brand, and fails on any finding of
// impact serious or critical, listing each with its rule, its element and the help.
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { kk } from "../src/i18n/messages/kk";
import { ru } from "../src/i18n/messages/ru";
import { en } from "../src/i18n/messages/en";
import { audit } from "./axe";
import { api, codeFor, context, launch, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type Lang = "kk" | "ru" | "en";
const TEXTS = { kk, ru, en };

/** Each language in a city of its own: every brand color is checked, every screen in every language. */
const RUNS: { lang: Lang; slug: string; phone: string }[] = [
  { lang: "kk", slug: "petropavlovsk", phone: "+77051110101" },
  { lang: "ru", slug: "taraz", phone: "+77051110202" },
  { lang: "en", slug: "astana", phone: "+77051110303" },
];

/** Waits until the page has drawn its screen: a heading, and no request for half a second. */
async function settled(page: Page) {
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector('[data-testid="table-empty"]')?.textContent?.includes("…"));
}

async function visit(page: Page, path: string) {
  await page.goto(path);
  await settled(page);
}

/** A context that may run axe (an inline script the pages' policy would refuse otherwise). */
function open(lang: Lang): Promise<BrowserContext> {
  return context(browser, lang, { bypassCSP: true });
}

async function signIn(ctx: BrowserContext, scope: string, login: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(scope === "platform" ? "/platform" : `/t/${scope}/staff`);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("qala-demo-109");
  await page.locator('button[type="submit"]').click();
  await page.locator(".brandbar").waitFor();
  return page;
}

for (const { lang, slug, phone } of RUNS) {
  test(`no serious or critical finding on any screen, in ${lang} (${slug})`, async () => {
    const t = TEXTS[lang];
    const found: string[] = [];
    const checked: string[] = [];
    const check = async (page: Page, screen: string) => {
      checked.push(screen);
      found.push(...(await audit(page, `${lang} ${screen}`)));
    };

    // Anyone: the front page, the portal, the sign-in pages.
    const visitor = await open(lang);
    const page = await visitor.newPage();
    await visit(page, "/");
    await check(page, "landing");
    for (const [screen, path] of [
      ["portal home", ""],
      ["portal submit", "/submit"],
      ["portal track", "/track"],
      ["portal rating", "/rating"],
      ["portal works", "/works"],
      ["portal permits", "/permits"],
    ]) {
      await visit(page, `/t/${slug}${path}`);
      await check(page, screen);
    }
    await visit(page, `/t/${slug}/staff`);
    await check(page, "staff sign-in");
    await visit(page, "/platform");
    await check(page, "platform sign-in");

    // A resident who confirmed the phone: the appeal form (its service list open), their own
    // appeals, the vote.
    await visit(page, `/t/${slug}/submit`);
    const since = Date.now() - 1000;
    await page.locator('input[name="phone"]').fill(phone);
    await page.getByTestId("verify").locator('button[type="submit"]').click();
    await page.locator('input[name="code"]').fill(await codeFor(phone, since));
    await page.getByTestId("verify").locator('button[type="submit"]').click();
    await page.getByTestId("submit-form").waitFor();
    await settled(page);
    await check(page, "portal submit (confirmed)");
    await page.getByTestId("service").getByRole("combobox").click();
    await page.getByRole("listbox").getByRole("option").first().waitFor();
    await page.keyboard.press("ArrowDown");
    await check(page, "portal submit (service list open)");
    await visit(page, `/t/${slug}/track`);
    await page.getByTestId("my-appeals").waitFor({ state: "attached" });
    await check(page, "portal track (confirmed)");
    await visit(page, `/t/${slug}/rating`);
    await page.getByTestId("vote-form").waitFor();
    await check(page, "portal rating (confirmed)");
    await visitor.close();

    // The operator's console.
    const operatorToken = await token(slug, `operator@${slug}`);
    const anyAppeal = (await api(slug, `query { appeals(page: { first: 1 }) { nodes { id } } }`, {}, operatorToken)).appeals.nodes[0].id;
    const operatorCtx = await open(lang);
    const operator = await signIn(operatorCtx, slug, `operator@${slug}`);
    await settled(operator);
    await check(operator, "intake");
    await operator.getByTestId("service").getByRole("combobox").focus();
    await operator.getByRole("listbox").getByRole("option").first().waitFor();
    await check(operator, "intake (service list open)");
    for (const [screen, path] of [
      ["queue", "queue"],
      ["appeal page (operator)", `appeals/${anyAppeal}`],
      ["callbacks", "callbacks"],
      ["outages", "outages"],
      ["permit registry", "permits"],
    ]) {
      await visit(operator, `/t/${slug}/staff/${path}`);
      await check(operator, screen);
    }
    await operatorCtx.close();

    // An executor on an appeal routed to their organization, its steps shown.
    const executorOrg = (
      await api(slug, `mutation($l: String!) { login(login: $l, password: "qala-demo-109") { user { organizationId } } }`, {
        l: `executor@${slug}`,
      })
    ).login.user.organizationId as string;
    const service = (await api(slug, `query { serviceTypes(page: { first: 1 }) { nodes { id } } }`, {}, operatorToken)).serviceTypes.nodes[0].id;
    const routed = (
      await api(
        slug,
        `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id } } }`,
        { i: { channel: "PHONE", serviceTypeId: service, description: "Checked for accessibility", address: "Abai 1" } },
        operatorToken,
      )
    ).registerAppeal.appeal.id as string;
    await api(slug, `mutation($id: ID!, $org: ID!) { assignAppeal(id: $id, organizationId: $org, comment: "Their own") { id } }`, { id: routed, org: executorOrg }, operatorToken);
    const executorCtx = await open(lang);
    const executor = await signIn(executorCtx, slug, `executor@${slug}`);
    await settled(executor);
    await check(executor, "queue (executor)");
    await visit(executor, `/t/${slug}/staff/appeals/${routed}`);
    await executor.getByRole("button", { name: t["appeal.take"] }).waitFor();
    await check(executor, "appeal page (executor)");
    await executorCtx.close();

    // The supervisor's board.
    const supervisorCtx = await open(lang);
    const supervisor = await signIn(supervisorCtx, slug, `supervisor@${slug}`);
    await settled(supervisor);
    await check(supervisor, "supervisor board");
    // The supervisor's alerts, and the analytics: the figures (the chart's table open), control of execution.
    await visit(supervisor, `/t/${slug}/staff/inbox`);
    await check(supervisor, "alerts inbox");
    await visit(supervisor, `/t/${slug}/staff/analytics?period=thisYear`);
    await supervisor.getByTestId("received").waitFor();
    await supervisor.locator(".chart-table summary").click();
    await check(supervisor, "analytics dashboard");
    await visit(supervisor, `/t/${slug}/staff/analytics/execution?period=thisYear`);
    await check(supervisor, "control of execution");
    // The places, the season list, the cases (one open against the executor's organization, so
    // the board's panel, the list and the case's page have it), the reports.
    const supervisorToken = await token(slug, `supervisor@${slug}`);
    const opened = (
      await api(
        slug,
        `mutation($i: OpenCaseInput!) { openSystemicCase(input: $i) { id } }`,
        { i: { organizationId: executorOrg, title: "Checked for accessibility", reason: "Overdue appeals", authority: "Akimat" } },
        supervisorToken,
      )
    ).openSystemicCase.id as string;
    await visit(supervisor, `/t/${slug}/staff/analytics/hotspots?period=thisYear`);
    await supervisor.getByTestId("legend").or(supervisor.getByTestId("map-empty")).waitFor();
    await check(supervisor, "hotspots");
    await visit(supervisor, `/t/${slug}/staff/analytics/readiness`);
    await check(supervisor, "season readiness");
    await visit(supervisor, `/t/${slug}/staff/analytics/cases?period=thisYear`);
    await check(supervisor, "systemic cases");
    await visit(supervisor, `/t/${slug}/staff/analytics/cases/${opened}`);
    await supervisor.getByTestId("close-form").waitFor();
    await check(supervisor, "systemic case");
    await visit(supervisor, `/t/${slug}/staff/analytics/reports`);
    await check(supervisor, "reports");
    await supervisorCtx.close();

    // The city admin's pages.
    const adminCtx = await open(lang);
    const admin = await signIn(adminCtx, slug, `admin@${slug}`);
    for (const [screen, path] of [
      ["organizations", "admin/organizations"],
      ["buildings", "admin/buildings"],
      ["catalog", "admin/catalog"],
      ["works registry", "admin/works"],
      ["users", "admin/users"],
      ["settings", "admin/settings"],
      ["audit log", "admin/audit"],
      ["votes", "votes"],
    ]) {
      await visit(admin, `/t/${slug}/staff/${path}`);
      await check(admin, screen);
    }
    await adminCtx.close();

    // The platform.
    const platformCtx = await open(lang);
    const platform = await signIn(platformCtx, "platform", "platform@qala");
    await settled(platform);
    await platform.getByTestId("tenants").getByRole("row").nth(1).waitFor();
    await check(platform, "platform");
    // The question before suspending a city.
    await platform.getByTestId("tenants").getByRole("button", { name: t["platform.suspend"] }).first().click();
    await platform.getByRole("dialog").waitFor();
    await check(platform, "platform (suspend question)");
    await platform.keyboard.press("Escape");
    await platformCtx.close();

    // Every screen was reached.
    expect(checked).toHaveLength(41);
    expect(found, `axe found:\n${found.join("\n")}`).toEqual([]);
  });
}
