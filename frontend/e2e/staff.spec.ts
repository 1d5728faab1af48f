// The staff's other daily screens: a city admin adds an organization and reads the audit log, a
// supervisor watches the deadlines, a platform admin sees the cities.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { ru } from "../src/i18n/messages/ru";
import { api, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test("a city admin adds an organization, and a wrong BIN is refused with a clear error", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/taraz/staff", "admin@taraz");
  await page.getByRole("heading", { name: "Organizations" }).waitFor();
  const form = page.getByTestId("org-form");
  const code = `e2e-elevator-${Date.now()}`;
  await form.getByLabel("Code").fill(code);
  await form.getByLabel("Kind").selectOption("ELEVATOR_OPERATOR");
  await form.getByLabel("Name (Kazakh)").fill("Лифт қызметі");
  await form.getByLabel("Name (Russian)").fill("Лифтовая служба");
  await form.getByLabel("Name (English)").fill("Elevator service");
  await form.getByLabel("BIN").fill("123");
  await form.getByRole("button", { name: "Add" }).click();
  await expect.poll(() => form.getByRole("alert").getAttribute("data-code")).toBe("VALIDATION");
  await form.getByLabel("BIN").fill("");
  await form.getByRole("button", { name: "Add" }).click();
  await form.getByText(`Organization ${code} is saved`).waitFor();
  await page.getByRole("searchbox").fill(code);
  const row = page.getByTestId("organizations").getByRole("button", { name: code });
  await row.waitFor();
  // Editing: the row fills the form; the code stays.
  await row.click();
  await form.getByRole("heading", { name: `Edit organization ${code}` }).waitFor();
  await form.getByLabel("Phone").fill("+7 7262 43-21-09");
  await form.getByRole("button", { name: "Save" }).click();
  await form.getByText(`Organization ${code} is saved`).waitFor();
  await page.getByTestId("organizations").getByRole("cell", { name: "+7 7262 43-21-09" }).waitFor();
  await shot(page, "admin-organizations");
  await ctx.close();
});

test("a supervisor sees deadlines, overdue appeals and the load per organization", async () => {
  const ctx = await context(browser, "ru");
  const page = await ctx.newPage();
  await page.goto("/t/astana/staff");
  await page.getByLabel("Логин").fill("supervisor@astana");
  await page.getByLabel("Пароль").fill("qala-demo-109");
  await page.getByRole("button", { name: "Войти" }).click();
  // The board leads with the overdue list, each row saying by how long.
  const overdue = page.getByTestId("overdue-count");
  await overdue.waitFor();
  expect(await overdue.getAttribute("aria-pressed")).toBe("true");
  const list = page.getByTestId("appeals");
  await expect.poll(() => list.getByTestId("overdue-by").count()).toBeGreaterThan(0);
  expect(await list.getByTestId("overdue-by").first().textContent()).toMatch(/^Просрочка: \d+\s(час|дн|ден|минут|секунд)/);
  // The map is zoomed to the list's places: every marker inside the map's frame.
  const map = await page.getByTestId("map").boundingBox();
  const markers = page.getByTestId("map").locator("path.leaflet-interactive");
  await expect.poll(() => markers.count()).toBeGreaterThan(0);
  for (const marker of await markers.all()) {
    const box = (await marker.boundingBox())!;
    expect(box.x >= map!.x && box.y >= map!.y && box.x + box.width <= map!.x + map!.width && box.y + box.height <= map!.y + map!.height).toBe(true);
  }
  await shot(page, "supervisor-board");
  // A count card filters the list below it; an empty list says so.
  const systemic = page.getByTestId("systemic-count");
  await systemic.click();
  expect(await systemic.getAttribute("aria-pressed")).toBe("true");
  expect(await overdue.getAttribute("aria-pressed")).toBe("false");
  await expect.poll(() => page.locator("#board-list-title").textContent()).toBe(ru["supervisor.systemic"]);
  const rows = await list.locator("tbody tr").all();
  for (const row of rows) {
    const empty = row.getByTestId("table-empty");
    if (await empty.count()) expect(await empty.textContent()).toBe(ru["supervisor.noneSystemic"]);
    else expect(await row.getByText(ru["queue.systemic"]).count()).toBe(1);
  }
  await ctx.close();
});

test("a platform admin sees every city", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto("/platform");
  await page.getByLabel(/^Login$/).fill("platform@qala");
  await page.getByLabel(/^Password$/).fill("qala-demo-109");
  await page.getByRole("button", { name: "Sign in" }).click();
  const tenants = page.getByTestId("tenants");
  await tenants.getByRole("cell", { name: "astana", exact: true }).waitFor();
  expect(await tenants.locator("tbody tr").count()).toBeGreaterThanOrEqual(3);
  await shot(page, "platform-tenants");
  await ctx.close();
});

test("an operator links a repeat, and a supervisor extends a deadline with a reason", async () => {
  const operatorToken = await token("astana", "operator@astana");
  const register = async (phone: string) =>
    (
      await api(
        "astana",
        `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id number } } }`,
        { i: { channel: "PHONE", serviceTypeId: "59", description: "Brown water", address: "Kenesary 40", resident: { phone } } },
        operatorToken,
      )
    ).registerAppeal.appeal as { id: string; number: string };
  const first = await register("+77015550201");
  const repeat = await register("+77015550202");

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.goto(`/t/astana/staff/appeals/${repeat.id}`);
  await page.getByLabel("Repeat of appeal No.").fill(first.number);
  await page.getByRole("button", { name: "Link", exact: true }).click();
  await page.getByTestId("parent").waitFor();
  await shot(page, "operator-appeal-linked");

  const supervisorCtx = await context(browser);
  const supervisor = await supervisorCtx.newPage();
  await signIn(supervisor, "/t/astana/staff", "supervisor@astana");
  await supervisor.goto(`/t/astana/staff/appeals/${first.id}`);
  const before = await supervisor.getByTestId("due").textContent();
  const later = new Date(Date.now() + 20 * 24 * 3600_000).toISOString().slice(0, 10);
  await supervisor.getByLabel("New deadline").fill(`${later}T18:00`);
  await supervisor.getByRole("button", { name: /^Extend/ }).click();
  await expect.poll(() => supervisor.getByRole("alert").textContent()).toContain("Write a comment first"); // the reason
  await supervisor.getByLabel("Comment").fill("The riser must be replaced; parts are ordered.");
  await supervisor.getByRole("button", { name: /^Extend/ }).click();
  await expect.poll(() => supervisor.getByTestId("due").textContent()).not.toBe(before);
  expect(await supervisor.getByTestId("due").textContent()).toContain("18:00");
  await Promise.all([ctx.close(), supervisorCtx.close()]);
});

test("a city admin finds who looked a caller up in the audit log, and exports it", async () => {
  // An operator looks a caller up on an incoming call: that look is on record.
  const operator = await token("astana", "operator@astana");
  await api("astana", "query($p: String!) { residentByPhone(phone: $p) { id } }", { p: "+77019990077" }, operator);
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "admin@astana");
  await page.getByRole("link", { name: "Audit log" }).click();
  const filter = page.getByTestId("audit-filter");
  await filter.getByLabel("Action").fill("resident.");
  await filter.getByRole("button", { name: "Search" }).click();
  await expect.poll(() => page.getByTestId("audit-entries").textContent()).toContain("resident.lookup");
  expect(await page.getByTestId("audit-entries").textContent()).not.toContain("77019990077");
  await shot(page, "admin-audit");
  const [download] = await Promise.all([page.waitForEvent("download"), filter.getByRole("button", { name: "Export CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-astana-\d{4}-\d{2}-\d{2}\.csv$/);

  // Settings show the notices that could not leave, and why.
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const backlog = page.getByTestId("notification-backlog");
  await expect.poll(() => backlog.textContent()).toMatch(/Waiting: no SMTP relay is configured|Every notice has gone out/);
  await shot(page, "admin-settings");
  await ctx.close();
});
