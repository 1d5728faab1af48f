// The operator confirms before it is final: the catalog searched as one types (in Kazakh,
// Russian or Latin letters, the server's ranking kept), buildings found by either spelling of
// their address, the preview of where the appeal goes in the caller's language, and the receipt
// repeating it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { api, context, launch, shot, signIn } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type Names = { kk: string; ru: string; en: string };

/** The service types the city's search finds for `text`, in the server's order. */
async function search(text: string): Promise<{ code: string; names: Names }[]> {
  const data = await api("astana", "query($s: String) { serviceTypes(search: $s, page: { first: 12 }) { nodes { code names { kk ru en } } } }", {
    s: text,
  });
  return data.serviceTypes.nodes;
}

const box = (page: Page, testId: string) => page.getByTestId(testId).getByRole("combobox");
const options = (page: Page, testId: string) => page.getByTestId(testId).getByRole("listbox").getByRole("option");

/** Clears a picker from the keyboard (Escape closes its list, another clears it) and types `text`. */
async function typeIn(page: Page, shortcut: string, text: string) {
  await page.keyboard.press(shortcut);
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  await page.keyboard.type(text);
}

/** The options once the list answers what was typed. */
async function listed(page: Page, testId: string, first: RegExp): Promise<string[]> {
  await expect.poll(async () => (await options(page, testId).allTextContents())[0] ?? "", { timeout: 10_000 }).toMatch(first);
  return options(page, testId).allTextContents();
}

test("the operator finds the service as they type, confirms where it goes in the caller's language, and the receipt repeats it", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.getByRole("heading", { name: "Register a call" }).waitFor();
  const preview = page.getByTestId("intake-preview");
  expect(await preview.getAttribute("role")).toBe("status");
  expect(await preview.getAttribute("aria-live")).toBe("polite");

  // The caller speaks Kazakh: the names read back are Kazakh, the labels stay English.
  await page.locator("form.intake select").selectOption("kk");

  // Buildings by their address as written in Russian or in Kazakh.
  await typeIn(page, "Alt+3", "Абай 63");
  expect((await listed(page, "building", /ast-abay-63/))[0]).toContain("ast-abay-63");
  await typeIn(page, "Alt+3", "Кенесары 40");
  expect((await listed(page, "building", /ast-kenesary-40/))[0]).toMatch(/Кенесары/);
  await page.keyboard.press("Enter");
  expect(await box(page, "building").inputValue()).toContain("ast-kenesary-40");

  // «су» (water, in Kazakh), ↓ and Enter at once: the pick is from the server's answer to «су»,
  // its second option — a water service, never what the list showed before.
  const water = await search("су");
  expect(water[0].names.en).toMatch(/water/i);
  expect(water[1].names.en).toMatch(/water/i);
  await typeIn(page, "Alt+2", "су");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect.poll(() => box(page, "service").getAttribute("data-picked")).toBe("true");
  const pickedWater = await box(page, "service").inputValue();
  expect(pickedWater).toBe(water[1].names.en);
  expect(pickedWater).not.toMatch(/tree/i);

  // The preview: the service and its organization in Kazakh, the deadline, the Kazakh address.
  const panel = preview.locator(".preview");
  await expect.poll(() => preview.getByTestId("preview-service").textContent(), { timeout: 10_000 }).toBe(water[1].names.kk);
  expect(await preview.getByTestId("preview-organization").getAttribute("data-kind")).toBe("organization");
  expect(await preview.getByTestId("preview-organization").textContent()).toContain("Кенесары 40");
  expect(await preview.getByTestId("preview-address").textContent()).toBe("Кенесары көшесі, 40");
  expect(await preview.getByTestId("preview-due").textContent()).toMatch(/2\d{3}, \d{2}:\d{2}$/);
  expect(await panel.getByText("Receives it").count()).toBe(1);
  await shot(page, "intake-preview-kk");

  // The caller turns out to speak Russian: the names follow.
  await page.locator("form.intake select").selectOption("ru");
  await expect.poll(() => preview.getByTestId("preview-service").textContent()).toBe(water[1].names.ru);
  expect(await preview.getByTestId("preview-address").textContent()).toBe("ул. Кенесары, 40");
  await page.locator("form.intake select").selectOption("kk");

  // «lift» in Latin letters: an elevator first, received by the lift operator this building names.
  const lift = await search("lift");
  expect(lift[0].names.en).toMatch(/elevator/i);
  await typeIn(page, "Alt+2", "lift");
  expect((await listed(page, "service", /elevator/i))[0]).toBe(lift[0].names.en);
  await page.keyboard.press("Enter");
  await expect.poll(() => preview.getByTestId("preview-service").textContent(), { timeout: 10_000 }).toBe(lift[0].names.kk);
  expect(await preview.getByTestId("preview-organization").getAttribute("data-kind")).toBe("organization");
  expect(await preview.getByTestId("preview-organization").textContent()).toBe("«Астана Лифт Сервис» ЖШС");

  // «свет» (light, in Russian): electricity first, in the server's order.
  const light = await search("свет");
  expect(light[0].names.en).toMatch(/power|electric/i);
  await typeIn(page, "Alt+2", "свет");
  const found = await listed(page, "service", /power|electric/i);
  expect(found).toEqual(light.map((s) => s.names.en).slice(0, found.length));
  await page.keyboard.press("Enter");
  await expect.poll(() => preview.getByTestId("preview-service").textContent(), { timeout: 10_000 }).toBe(light[0].names.kk);
  const organization = (await preview.getByTestId("preview-organization").textContent()) ?? "";
  expect(await preview.getByTestId("preview-organization").getAttribute("data-kind")).toBe("organization");

  // Registered: the receipt's own text names the service, and the panel repeats where it went.
  await page.locator('textarea[name="description"]').fill("Үйде жарық жоқ, кешкі сағат алтыдан бері.");
  await page.keyboard.press("Control+Enter");
  const receipt = page.getByTestId("receipt");
  await receipt.waitFor();
  const text = (await receipt.getByTestId("receipt-text").textContent()) ?? "";
  expect(await receipt.getByTestId("receipt-text").getAttribute("lang")).toBe("kk");
  expect(text).toContain(light[0].names.kk);
  const repeated = receipt.getByTestId("receipt-preview");
  expect(await repeated.getByTestId("preview-service").textContent()).toBe(light[0].names.kk);
  expect(await repeated.getByTestId("preview-organization").textContent()).toBe(organization);
  expect(await repeated.getByTestId("preview-address").textContent()).toBe("Кенесары көшесі, 40");
  await shot(page, "intake-receipt-kk");

  // The appeal's page shows staff whom to call.
  await receipt.getByRole("link", { name: /AST-\d{4}-\d+/ }).click();
  await page.getByTestId("appeal").waitFor();
  expect(await page.getByTestId("resident").count()).toBe(0);
  await ctx.close();
});

test("the appeal's page gives staff the caller's name and phone to call", async () => {
  const phone = `+7702${String(Date.now()).slice(-7)}`;
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.getByRole("heading", { name: "Register a call" }).waitFor();
  await page.locator('input[name="phone"]').fill(phone);
  await page.locator('input[name="name"]').fill("Aliya");
  await typeIn(page, "Alt+2", "lift");
  await listed(page, "service", /elevator/i);
  await page.keyboard.press("Enter");
  await typeIn(page, "Alt+3", "Абай 63");
  await listed(page, "building", /ast-abay-63/);
  await page.keyboard.press("Enter");
  await page.locator('textarea[name="description"]').fill("The elevator stopped between floors.");
  await page.getByRole("button", { name: "Register" }).click();
  const receipt = page.getByTestId("receipt");
  await receipt.waitFor();
  await receipt.getByRole("link", { name: /AST-\d{4}-\d+/ }).click();
  const resident = page.getByTestId("resident");
  await resident.waitFor();
  expect(await resident.textContent()).toContain("Aliya");
  const call = resident.getByRole("link");
  expect(await call.getAttribute("href")).toBe(`tel:${phone}`);

  // The queue finds the caller's appeals by the phone.
  await page.goto("/t/astana/staff/queue");
  const box = page.getByPlaceholder("Number, words of the text or address, or the caller's phone");
  await box.fill(phone);
  await expect.poll(async () => page.locator("table tbody tr").count(), { timeout: 15_000 }).toBe(1);
  await ctx.close();
});
