// What a person reads is in their language and means something to them: dates with the
// language's month names and numbers with its decimal mark (Kazakh too, which the browser's own
// locale data garbles), no code of the API on a page, refusals next to the field at fault, a
// typed comment kept across a photo upload, and a question before a city is suspended or an
// account switched off.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { en } from "../src/i18n/messages/en";
import { kk } from "../src/i18n/messages/kk";
import { ru } from "../src/i18n/messages/ru";
import { api, baseURL, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

// A 1×1 PNG: the server reads the type from the bytes.
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

const KK_MONTHS = "қаңтар|ақпан|наурыз|сәуір|мамыр|маусым|шілде|тамыз|қыркүйек|қазан|қараша|желтоқсан";
/** Text with every kind of space written as one plain space. */
const plain = (text: string | null) => (text ?? "").replace(/\s+/g, " ").trim();

async function inKazakh(page: Page) {
  await page.getByTestId("language").selectOption("kk");
  await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe("kk");
}

/** An appeal registered by the operator through the API. */
async function register(input: Record<string, unknown>) {
  const operator = await token("astana", "operator@astana");
  const data = await api(
    "astana",
    `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id number organization { id } } } }`,
    { i: { channel: "PHONE", ...input } },
    operator,
  );
  return data.registerAppeal.appeal as { id: string; number: string; organization: { id: string } | null };
}

test("a Kazakh page writes dates with Kazakh month names and decimals with a comma", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.goto("/t/astana/staff/queue");
  await inKazakh(page);
  const table = page.getByTestId("appeals");
  await table.locator("tbody tr td").nth(5).waitFor();
  const registered = plain(await table.locator("tbody tr").first().locator("td").nth(5).textContent());
  expect(registered).toMatch(new RegExp(`^\\d{1,2} (${KK_MONTHS}) \\d{4} ж\\., \\d{2}:\\d{2}`));
  expect(plain(await table.textContent())).not.toMatch(/M\d\d|\d{4}-\d{2}-\d{2}/);
  await shot(page, "readable-queue-kk");

  // The public rating: scores with a decimal comma, the quarter in words.
  await page.goto("/t/astana/rating");
  const rating = page.getByTestId("rating");
  await rating.locator("tbody tr td").nth(2).waitFor();
  const score = plain(await rating.locator("tbody tr").first().locator("td").nth(2).textContent());
  expect(score).toMatch(/^\d+,\d$/);
  await expect.poll(async () => plain(await page.locator("section p.muted").first().textContent())).toMatch(/^\d{4} ж\. (I|II|III|IV) тоқсан рейтингі$/);
  expect(plain(await rating.textContent())).not.toMatch(/\d\.\d|\bKSK\b|\bOSI\b/);
  await shot(page, "readable-rating-kk");
  await ctx.close();
});

test("the appeal page names what happened and who did it, never the API's codes", async () => {
  const appeal = await register({ serviceTypeId: "59", description: "Brown water in the kitchen tap", address: "Kenesary 40" });
  const operator = await token("astana", "operator@astana");
  await api("astana", `mutation($id: ID!) { commentAppeal(id: $id, comment: "Called the utility") }`, { id: appeal.id }, operator);

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.goto(`/t/astana/staff/appeals/${appeal.id}`);
  await inKazakh(page);
  const timeline = page.getByTestId("timeline");
  await expect.poll(async () => plain(await timeline.textContent())).toContain(kk["event.registered"]);
  const text = plain(await timeline.textContent());
  expect(text).toContain(kk["event.comment"]);
  // A staff member is named as the server names them, never by the `user:<id>` label.
  expect(text).toContain("Demo operator");
  for (const raw of ["user:", "registered", "comment ", "system", "seed", "resident:"]) expect(text).not.toContain(raw);
  expect(text).toMatch(new RegExp(`(${KK_MONTHS}) \\d{4} ж\\.`));
  await shot(page, "readable-appeal-kk");

  // A city's demo appeals carry the seed's and the system's entries: they read as words too.
  const seeded = await api("astana", `query { appeals(filter: { overdue: true }, page: { first: 1 }) { nodes { id } } }`, {}, operator);
  await page.goto(`/t/astana/staff/appeals/${seeded.appeals.nodes[0].id}`);
  await expect.poll(async () => plain(await page.getByTestId("timeline").textContent())).toContain(kk["event.registered"]);
  const demo = plain(await page.getByTestId("timeline").textContent());
  for (const raw of ["user:", "registered", "overdue", "system", "seed", "deadline_warning"]) expect(demo).not.toContain(raw);
  await ctx.close();
});

test("a refusal is shown in the chosen language next to the field at fault", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/taraz/staff", "admin@taraz");
  await page.getByRole("heading", { name: "Organizations" }).waitFor();
  await page.getByTestId("language").selectOption("ru");
  const form = page.getByTestId("org-form");
  await form.getByRole("heading", { name: ru["admin.orgAdd"] }).waitFor();
  await form.locator('input[name="code"]').fill(`e2e-ru-${Date.now()}`);
  await form.locator('input[name="kk"]').fill("Лифт қызметі");
  await form.locator('input[name="ru"]').fill("Лифтовая служба");
  await form.locator('input[name="en"]').fill("Elevator service");
  const bin = form.locator('input[name="bin"]');
  await bin.fill("123");
  await form.getByRole("button", { name: ru["common.add"] }).click();
  // The server refused the BIN: its text is Russian, under the BIN, tied to it.
  await expect.poll(() => bin.getAttribute("aria-invalid")).toBe("true");
  const describedBy = (await bin.getAttribute("aria-describedby")) ?? "";
  const message = page.locator(`[id="${describedBy.split(" ")[0]}"]`);
  expect(plain(await message.textContent())).toContain(ru["field.bin"]);
  expect(await message.getAttribute("data-field")).toBe("bin");
  expect(await form.locator('label:has(input[name="bin"]) .field-error').count()).toBe(1);
  await shot(page, "readable-org-bin-ru");
  await ctx.close();

  // A place missing from an intake form is caught before it is sent, with the same kind of text.
  const operatorCtx = await context(browser);
  const operator = await operatorCtx.newPage();
  await signIn(operator, "/t/astana/staff", "operator@astana");
  await inKazakh(operator);
  await operator.getByTestId("service").getByRole("combobox").fill("drinking water");
  await operator.getByRole("option", { name: /Ауыз су|Drinking water/ }).first().click();
  await operator.locator('textarea[name="description"]').fill("Су лай");
  await operator.getByRole("button", { name: kk["intake.register"], exact: true }).click();
  const building = operator.getByTestId("building").getByRole("combobox");
  await expect.poll(() => building.getAttribute("aria-invalid")).toBe("true");
  await expect.poll(async () => plain(await operator.getByRole("alert").first().textContent())).toContain(kk["field.location"]);
  await shot(operator, "readable-intake-location-kk");
  await operatorCtx.close();
});

test("an executor's typed comment survives a photo upload, and the photo the result needs is asked for first", async () => {
  // An appeal of a service type that wants a photo of the result, and an executor of its organization.
  const admin = await token("astana", "admin@astana");
  const services = await api("astana", `query { serviceTypes(search: "power-line-damage", page: { first: 5 }) { nodes { id code requiresPhoto } } }`, {}, admin);
  const service = services.serviceTypes.nodes.find((s: { code: string }) => s.code === "power-line-damage");
  expect(service?.requiresPhoto).toBe(true);
  const appeal = await register({ serviceTypeId: service.id, description: "A wire hangs over the yard", address: "Kenesary 40" });
  expect(appeal.organization).toBeTruthy();
  const login = `e2e-exec-${Date.now()}@astana`;
  await api(
    "astana",
    `mutation($i: UserInput!) { createUser(input: $i) { id } }`,
    { i: { login, displayName: "Линия Электрик", password: "qala-demo-109", roles: ["EXECUTOR"], organizationId: appeal.organization!.id } },
    admin,
  );
  await api("astana", `mutation($id: ID!) { takeAppeal(id: $id) { id } }`, { id: appeal.id }, await token("astana", login));

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", login);
  await page.goto(`/t/astana/staff/appeals/${appeal.id}`);
  await inKazakh(page);
  const rule = page.getByTestId("photo-rule");
  await expect.poll(async () => plain(await rule.textContent())).toBe(plain(kk["appeal.photoRequired"]));
  const comment = page.locator('textarea[name="comment"]');
  const typed = "Сым бекітілді, аула қауіпсіз.";
  await comment.fill(typed);
  // Resolving without the photo is stopped here, with the text next to the upload.
  await page.getByRole("button", { name: kk["appeal.resolve"], exact: true }).click();
  const file = page.locator('input[type="file"][name="file"]');
  await expect.poll(() => file.getAttribute("aria-invalid")).toBe("true");
  await expect.poll(async () => plain(await page.locator(".field-error").first().textContent())).toContain(plain(kk["field.photo"]));
  await file.setInputFiles({ name: "wire.png", mimeType: "image/png", buffer: PNG });
  await page.getByTestId("attachments").getByRole("link", { name: "wire.png" }).waitFor();
  expect(await comment.inputValue()).toBe(typed);
  await expect.poll(async () => plain(await rule.textContent())).toBe(plain(kk["appeal.photoAdded"]));
  await shot(page, "readable-executor-photo-kk");
  await page.getByRole("button", { name: kk["appeal.resolve"], exact: true }).click();
  await expect.poll(async () => plain(await page.getByTestId("appeal").locator("header").first().textContent())).toContain(kk["status.RESOLVED"]);
  expect(plain(await page.getByTestId("appeal").textContent())).toContain(typed);
  await ctx.close();
});

test("suspending a city asks first, and the suspended city says so in words", async () => {
  // A city of its own, so that no other test finds its city closed.
  const slug = `pause${Date.now().toString(36)}`;
  const fixture = join(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/alpha.toml");
  const manifest = readFileSync(fixture, "utf8").replace('slug = "alpha"', `slug = "${slug}"`).replace('brand = "Alpha 109"', 'brand = "Pause 109"');
  const login = await fetch(`${baseURL()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(login: "platform@qala", password: "qala-demo-109") { accessToken } }` }),
  });
  const platform = (await login.json()).data.login.accessToken as string;
  const onboarded = await fetch(`${baseURL()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${platform}` },
    body: JSON.stringify({ query: "mutation($m: String!) { onboardTenant(manifest: $m) { slug } }", variables: { m: manifest } }),
  });
  expect((await onboarded.json()).errors).toBeUndefined();

  const ctx = await context(browser, "kk");
  const page = await ctx.newPage();
  await page.goto("/platform");
  await page.getByLabel(new RegExp(`^${kk["common.login"]}$`)).fill("platform@qala");
  await page.getByLabel(new RegExp(`^${kk["common.password"]}$`)).fill("qala-demo-109");
  await page.getByRole("button", { name: kk["common.signIn"] }).click();
  const row = page.getByTestId("tenants").getByRole("row").filter({ hasText: slug });
  await expect.poll(async () => plain(await row.textContent())).toContain(kk["tenantStatus.active"]);
  expect(plain(await row.textContent())).not.toMatch(/\bactive\b/);

  // Asked first: the consequence in words, "Cancel" focused; cancelling changes nothing.
  await row.getByRole("button", { name: kk["platform.suspend"] }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  expect(plain(await dialog.textContent())).toContain(plain(kk["platform.suspendConsequence"].replace("{city}", "Pause 109")));
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(kk["common.cancel"]);
  await shot(page, "readable-platform-suspend-kk");
  await page.keyboard.press("Enter");
  await dialog.waitFor({ state: "detached" });
  expect(plain(await row.textContent())).toContain(kk["tenantStatus.active"]);

  await row.getByRole("button", { name: kk["platform.suspend"] }).click();
  await dialog.getByRole("button", { name: kk["platform.suspend"] }).click();
  await expect.poll(async () => plain(await row.textContent())).toContain(kk["tenantStatus.suspended"]);

  // The suspended city's pages say why they are closed, not an HTTP status.
  const visitor = await ctx.newPage();
  await visitor.goto(`/t/${slug}`);
  const closed = visitor.getByTestId("city-unavailable");
  await closed.waitFor();
  expect(plain(await closed.textContent())).toContain(kk["city.suspended"]);
  expect(plain(await closed.textContent())).not.toMatch(/\b403\b|109 \/ 403/);
  await shot(visitor, "readable-city-suspended-kk");

  // Resumed at once, without a question.
  await row.getByRole("button", { name: kk["platform.resume"] }).click();
  await expect.poll(async () => plain(await row.textContent())).toContain(kk["tenantStatus.active"]);
  await ctx.close();
});

test("an admin cannot switch their own account off, is asked before switching off another, and sees each state and setting", async () => {
  const admin = await token("astana", "admin@astana");
  const login = `e2e-leaver-${Date.now()}@astana`;
  await api(
    "astana",
    `mutation($i: UserInput!) { createUser(input: $i) { id } }`,
    { i: { login, displayName: "Leaving Operator", password: "qala-demo-109", roles: ["OPERATOR"] } },
    admin,
  );
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "admin@astana");
  await page.getByRole("link", { name: "Users" }).click();
  const users = page.getByTestId("users");
  const own = users.getByRole("row").filter({ has: page.getByRole("button", { name: "admin@astana", exact: true }) });
  await own.waitFor();
  expect(await own.getByRole("button", { name: en["admin.deactivate"] }).count()).toBe(0);
  expect(plain(await own.getByTestId("user-status").textContent())).toBe(en["common.active"]);

  const other = users.getByRole("row").filter({ has: page.getByRole("button", { name: login, exact: true }) });
  await other.getByRole("button", { name: en["admin.deactivate"] }).click();
  const dialog = page.getByRole("dialog");
  expect(plain(await dialog.textContent())).toContain("Leaving Operator");
  await dialog.getByRole("button", { name: en["admin.deactivate"] }).click();
  await expect.poll(async () => plain(await other.getByTestId("user-status").textContent())).toBe(en["common.inactive"]);

  // Settings show each value in force, by its name, and the one just saved (the default again
  // here, which it says).
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  const settings = page.getByTestId("appeal-settings");
  const radius = settings.locator('tr[data-setting="repeat_radius_m"]');
  await expect.poll(async () => plain(await radius.textContent())).toContain(en["setting.repeat_radius_m"]);
  expect(plain(await settings.textContent())).not.toMatch(/repeat_radius_m|warn_share/);
  await settings.locator('select[name="setting"]').selectOption("repeat_radius_m");
  await settings.locator('input[name="value"]').fill("50");
  await settings.getByRole("button", { name: en["common.save"] }).click();
  await expect.poll(async () => plain(await radius.getByTestId("setting-value").textContent())).toBe(`50 ${en["admin.byDefault"]}`);
  await settings.locator('input[name="value"]').fill("99999");
  await settings.getByRole("button", { name: en["common.save"] }).click();
  await expect.poll(async () => plain(await settings.locator(".field-error").textContent())).toContain(en["field.value"]);
  await ctx.close();
});

test("a resident who mistypes the code is told so, and may change the number or ask again after a wait", async () => {
  const ctx = await context(browser, "ru");
  const page = await ctx.newPage();
  await page.goto("/t/taraz/track");
  const form = page.getByTestId("verify");
  const phone = form.locator('input[name="phone"]');
  await phone.pressSequentially("87015550777");
  expect(await phone.inputValue()).toBe("+7 (701) 555-07-77");
  await form.getByRole("button", { name: ru["portal.sendCode"] }).click();
  await form.getByTestId("code-sent").waitFor();
  expect(plain(await form.getByTestId("code-sent").textContent())).toContain("+7 (701) 555-07-77");
  await form.locator('input[name="code"]').fill("000000");
  await form.getByRole("button", { name: ru["portal.checkCode"] }).click();
  const code = form.locator('input[name="code"]');
  await expect.poll(() => code.getAttribute("aria-invalid")).toBe("true");
  expect(plain(await form.locator(".field-error").textContent())).toContain(ru["verify.wrongCode"]);
  expect(plain(await form.textContent())).not.toContain(ru["error.UNAUTHENTICATED"]);
  // A new code waits; the wait is shown.
  expect(await form.getByRole("button", { name: ru["verify.resend"] }).isDisabled()).toBe(true);
  expect(plain(await form.getByTestId("resend-wait").textContent())).toMatch(/^До нового кода: \d+ (секунд|минут)/);
  await shot(page, "readable-verify-wrong-code-ru");
  await form.getByRole("button", { name: ru["verify.changeNumber"] }).click();
  expect(await phone.inputValue()).toBe("+7 (701) 555-07-77");
  await ctx.close();
});
