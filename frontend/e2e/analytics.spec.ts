// The analyst's and the supervisor's screens: the week's figures against the server's own count,
// a figure and a category opening the queue with exactly their appeals, the execution table sorted and
// narrowed to a kind of organization, the supervisor told of a systemic problem (the badge in the
// bar, the inbox) and marking alerts as seen; and the screens on a phone in Kazakh, worked from
// the keyboard.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { en } from "../src/i18n/messages/en";
import { kk } from "../src/i18n/messages/kk";
import { todayIn } from "../src/i18n/format";
import { presetPeriod } from "../src/features/analytics/period";
import { audit } from "./axe";
import { api, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const REGISTER = `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id number } } }`;

async function register(slug: string, operator: string, input: object): Promise<{ id: string; number: string }> {
  return (await api(slug, REGISTER, { i: { serviceTypeId: "59", address: "Kenesary 40", ...input } }, operator)).registerAppeal.appeal;
}

/** The digits of a figure as the page writes it ("1 234", "1,234"). */
async function figure(page: Page, testId: string): Promise<number> {
  const text = (await page.getByTestId(`${testId}-value`).textContent()) ?? "";
  return Number(text.replace(/\D/g, ""));
}

/** This week in the city, as the dashboard opens on it. */
async function thisWeek(slug: string) {
  const { timeZone } = (await api(slug, `query { currentTenant { timeZone } }`)).currentTenant;
  return presetPeriod("thisWeek", todayIn(timeZone));
}

test("an analyst reads the week's figures, and a figure opens the appeals it counts", async () => {
  const operator = await token("astana", "operator@astana");
  for (const channel of ["PHONE", "PHONE", "TELEGRAM"]) {
    await register("astana", operator, { channel, description: `Counted by the dashboard (${channel})` });
  }
  // A question the operator answers on the line: closed at the first call.
  const answered = (
    await api("astana", `query { serviceTypes(appealType: INFORMATION_REQUEST) { nodes { id firstCallAnswer } } }`, {}, operator)
  ).serviceTypes.nodes.find((s: { firstCallAnswer: string | null }) => s.firstCallAnswer);
  expect(answered).toBeTruthy();
  await register("astana", operator, { channel: "PHONE", serviceTypeId: answered.id, description: "When is the water on?" });
  const period = await thisWeek("astana");
  const analyst = await token("astana", "analyst@astana");
  const server = (
    await api("astana", `query($p: PeriodInput!) { dashboard(period: $p) { current { received } } }`, { p: period }, analyst)
  ).dashboard.current.received as number;
  expect(server).toBeGreaterThanOrEqual(3);

  const ctx = await context(browser);
  const page = await ctx.newPage();
  // An analyst's day starts on the figures.
  await signIn(page, "/t/astana/staff", "analyst@astana");
  await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
  await expect.poll(() => figure(page, "received")).toBeGreaterThanOrEqual(server);
  expect(await page.getByTestId("received-change").textContent()).toMatch(/more than|fewer than|as many as|nothing to compare with/);
  expect(await figure(page, "open-overdue")).toBeGreaterThanOrEqual(0);
  // The chart has its figures as a table; the top lists and the channels are filled.
  await page.locator(".recharts-surface").first().waitFor();
  await page.getByText(en["analytics.showTable"]).click();
  expect(await page.getByTestId("volume-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
  expect(await page.getByTestId("top-categories").locator("li").count()).toBeGreaterThanOrEqual(1);
  expect(await page.getByTestId("top-spheres").locator("li").count()).toBeGreaterThanOrEqual(1);
  await page.getByTestId("channels").getByText("Telegram").waitFor();
  await shot(page, "analytics-dashboard");

  // A channel narrows the figures; the address keeps it.
  await page.getByTestId("channel").selectOption("TELEGRAM");
  await expect.poll(() => page.url()).toContain("channel=TELEGRAM");
  await expect.poll(() => figure(page, "digital")).toBe(100);
  await page.getByRole("button", { name: en["analytics.clear"] }).click();
  await expect.poll(() => page.url()).not.toContain("channel=");

  // The count of appeals opens the queue with the week's appeals, whatever their status.
  await expect.poll(() => figure(page, "received")).toBeGreaterThanOrEqual(server);
  await page.getByTestId("received").click();
  await page.getByTestId("narrowed").waitFor();
  expect(page.url()).toContain(`from=${period.from}`);
  expect(page.url()).toContain("status=ALL");
  expect(await page.getByTestId("status").inputValue()).toBe("ALL");
  await expect.poll(() => page.getByTestId("appeals").locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
  await shot(page, "analytics-drill-queue");
  // Back on the figures, a category opens its appeals.
  await page.goBack();
  const category = page.getByTestId("top-categories").getByRole("link").first();
  const name = (await category.locator(".bar-name").textContent()) ?? "";
  await category.click();
  await page.getByTestId("narrowed").getByText(name).waitFor();
  expect(page.url()).toMatch(/category=\d+/);
  await expect.poll(() => page.getByTestId("appeals").locator("tbody tr").count()).toBeGreaterThanOrEqual(1);
  await page.getByRole("button", { name: en["queue.clearNarrowing"] }).click();
  await expect.poll(() => page.getByTestId("narrowed").count()).toBe(0);

  // The first-call answers open exactly those appeals: as many rows as the figure counts.
  await page.goto("/t/astana/staff/analytics");
  await expect.poll(() => figure(page, "first-call")).toBeGreaterThanOrEqual(1);
  const firstCalls = await figure(page, "first-call");
  await page.getByTestId("first-call").click();
  await page.getByTestId("narrowed").getByText(en["queue.firstCall"]).waitFor();
  expect(page.url()).toContain("first=1");
  await expect.poll(() => page.getByTestId("appeals").locator("tbody tr").count()).toBe(firstCalls);
  // Resolved late: the queue lists resolved and closed appeals past their deadline, its status choice fixed.
  await page.goBack();
  await page.getByTestId("late").click();
  await page.getByTestId("narrowed").getByText(en["queue.resolvedLate"]).waitFor();
  expect(page.url()).toContain("late=1");
  expect(page.url()).not.toContain("status=");
  expect(await page.getByTestId("status").isDisabled()).toBe(true);

  // Control of execution: the same period, the worst first, sortable, narrowed to a kind.
  await page.goto("/t/astana/staff/analytics?period=thisYear");
  await expect.poll(() => figure(page, "received")).toBeGreaterThan(server);
  await expect.poll(() => page.getByTestId("top-categories").locator("li").count()).toBeGreaterThanOrEqual(3);
  await shot(page, "analytics-dashboard-year");
  await page.getByRole("link", { name: en["analytics.execution"] }).click();
  await expect.poll(() => page.url()).toContain("/analytics/execution?period=thisYear");
  const table = page.getByTestId("execution");
  await expect.poll(() => table.locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
  expect(await page.getByTestId("worst-first").getAttribute("aria-pressed")).toBe("true");
  await table.getByRole("button", { name: en["analytics.col.received"] }).click();
  const received = table.locator("th", { has: page.getByRole("button", { name: en["analytics.col.received"] }) });
  expect(await received.getAttribute("aria-sort")).toBe("descending");
  const counts = await table.locator("tbody tr td:nth-child(3)").allTextContents();
  const numbers = counts.map((c) => Number(c.replace(/\D/g, "")));
  expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
  await page.getByTestId("kind").selectOption("utility");
  await expect.poll(async () => new Set(await table.locator("tbody tr td:nth-child(2)").allTextContents())).toEqual(new Set(["Utility"]));
  await shot(page, "analytics-execution");
  // An organization opens the queue with its appeals of the period.
  const org = table.locator("tbody tr th a").first();
  const orgName = (await org.textContent()) ?? "";
  await org.click();
  await page.getByTestId("narrowed").getByText(orgName).waitFor();
  expect(page.url()).toMatch(/org=\d+/);
  await ctx.close();
});

test("a supervisor is told of a systemic problem, opens it, and marks the alerts as seen", async () => {
  const operator = await token("astana", "operator@astana");
  const parent = await register("astana", operator, { channel: "PHONE", description: "No water in the whole building", appealType: "INCIDENT" });
  // The fifth repeat makes the incident a systemic problem (the city's threshold is 5).
  for (let i = 1; i <= 5; i++) {
    await register("astana", operator, { channel: "TELEGRAM", description: `No water, again (${i})`, parentId: parent.id });
  }
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "supervisor@astana");
  // The bar counts the alerts not seen yet.
  await expect.poll(() => page.getByTestId("inbox-count").count()).toBe(1);
  expect(Number(await page.getByTestId("inbox-count").textContent())).toBeGreaterThanOrEqual(1);
  const alerts = page.getByRole("link", { name: /^Alerts\b.*\d+ new$/ });
  await alerts.click();
  const row = page.getByTestId("alert").filter({ hasText: parent.number });
  await row.waitFor();
  expect(await row.getAttribute("data-kind")).toBe("appeal.systemic");
  expect(await row.getAttribute("data-new")).toBe("true");
  expect(await row.textContent()).toContain(en["alert.appeal.systemic"]);
  expect(await row.textContent()).toContain("5 repeats");
  await shot(page, "supervisor-inbox");

  // One alert marked as seen; the focus stays on its row.
  await row.getByRole("button", { name: new RegExp(`^${en["inbox.ack"]}`) }).click();
  await expect.poll(() => row.getAttribute("data-new")).toBe("false");
  expect(await page.evaluate(() => document.activeElement?.textContent ?? "")).toMatch(/^Seen /);
  // Only the new ones: the seen one is gone.
  await page.getByTestId("only-new").check();
  await expect.poll(() => row.count()).toBe(0);
  // All at once: none is new any more, and the bar says so.
  await page.getByTestId("only-new").uncheck();
  await row.waitFor();
  if (await page.getByTestId("ack-all").isEnabled()) {
    await page.getByTestId("ack-all").click();
    await expect.poll(() => page.getByTestId("ack-done").textContent()).toMatch(/^Marked as seen: \d+$/);
  }
  await expect.poll(() => page.getByTestId("inbox-count").count()).toBe(0);
  await page.getByTestId("only-new").check();
  await page.getByText(en["inbox.emptyNew"]).waitFor();
  await page.getByTestId("only-new").uncheck();

  // The alert opens its appeal.
  await row.getByRole("link", { name: parent.number }).click();
  await page.getByRole("heading", { name: `Appeal ${parent.number}` }).waitFor();
  await ctx.close();
});

test("on a phone, in Kazakh, the screens fit the width and work from the keyboard", async () => {
  const PHONE = { width: 390, height: 844 };
  const ctx = await context(browser, "kk", { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto("/t/astana/staff");
  await page.locator('input[name="login"]').fill("supervisor@astana");
  await page.locator('input[name="password"]').fill("qala-demo-109");
  await page.locator('button[type="submit"]').click();
  await page.locator(".brandbar").waitFor();
  const width = () => page.evaluate(() => document.documentElement.scrollWidth);
  const found: string[] = [];
  for (const [name, path] of [
    ["analytics-dashboard", "analytics"],
    ["analytics-execution", "analytics/execution"],
    ["inbox", "inbox"],
  ]) {
    await page.goto(`/t/astana/staff/${path}`);
    await page.locator("h1").first().waitFor();
    await page.waitForLoadState("networkidle");
    expect(await width(), `${name}: the page is wider than the phone`).toBeLessThanOrEqual(PHONE.width);
    found.push(...(await audit(page, `phone ${name}`)));
    await shot(page, `phone-${name}-kk`);
  }
  expect(found, `axe found:\n${found.join("\n")}`).toEqual([]);

  // The filters fold away on a phone; the figures come first.
  await page.goto("/t/astana/staff/analytics");
  await page.getByTestId("received").waitFor();
  expect(await page.getByTestId("filters").getAttribute("open")).toBeNull();
  // From the keyboard: the period by its select, then Tab to the first figure and Enter opens its appeals.
  await page.getByTestId("preset").focus();
  await page.getByTestId("preset").selectOption("thisMonth");
  await expect.poll(() => page.url()).toContain("period=thisMonth");
  const focusedId = () => page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
  for (let i = 0; i < 12 && (await focusedId()) !== "received"; i++) await page.keyboard.press("Tab");
  expect(await focusedId()).toBe("received");
  expect(await page.getByTestId("received").textContent()).toContain(kk["analytics.received"]);
  await page.keyboard.press("Enter");
  await page.getByTestId("narrowed").waitFor();
  expect(page.url()).toContain("/staff/queue?");
  await ctx.close();
});
