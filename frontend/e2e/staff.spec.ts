// The staff's other daily screens: a city admin adds an organization, a supervisor watches the
// deadlines, a platform admin sees the cities.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { context, launch, shot, signIn } from "./harness";

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
  await page.getByTestId("overdue-count").waitFor();
  await shot(page, "supervisor-board");
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
