// The portal on a phone (390×844): no page is wider than the screen (a wide table scrolls in its
// own box), the bar keeps to a small share of the first screen with the navigation folded into a
// menu (a disclosure button with aria-expanded), and axe finds nothing serious there either.
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { audit } from "./axe";
import { codeFor, context, launch, shot } from "./harness";

const PHONE = { width: 390, height: 844 };
const SHOTS = resolve(import.meta.dirname, "../../tests/e2e/screenshots");

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

function phoneContext() {
  return context(browser, "ru", { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 1, bypassCSP: true });
}

async function settled(page: Page) {
  await page.locator("h1").first().waitFor();
  await page.waitForLoadState("networkidle");
}

/** The page's width and the bar's height, as the phone shows them. */
async function measure(page: Page) {
  return page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    header: document.querySelector("header.brandbar")?.getBoundingClientRect().height ?? 0,
  }));
}

async function screenshot(page: Page, name: string) {
  await shot(page, `phone-${name}`);
  copyFileSync(join(SHOTS, `phone-${name}.png`), `/tmp/fe15b-phone-${name}.png`);
}

test("every portal page fits a phone's width, under a bar of less than 15% of the screen", async () => {
  const ctx = await phoneContext();
  const page = await ctx.newPage();
  const found: string[] = [];
  const pages: [string, string][] = [
    ["home", ""],
    ["submit", "/submit"],
    ["track", "/track"],
    ["rating", "/rating"],
    ["works", "/works"],
    ["permits", "/permits"],
  ];
  const check = async (name: string) => {
    await settled(page);
    const { width, header } = await measure(page);
    expect(width, `${name}: the page is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
    expect(header, `${name}: the bar is ${header} px high`).toBeGreaterThan(0);
    expect(header / PHONE.height, `${name}: the bar takes ${Math.round((header / PHONE.height) * 100)}%`).toBeLessThan(0.15);
    found.push(...(await audit(page, `phone ${name}`)));
    await screenshot(page, name);
  };
  for (const [name, path] of pages) {
    await page.goto(`/t/taraz${path}`);
    await check(name);
  }

  // With the phone confirmed: the appeal form, the resident's appeals, the vote.
  await page.goto("/t/taraz/rating");
  await settled(page);
  const phone = "+77051119090";
  const since = Date.now() - 1000;
  await page.locator('input[name="phone"]').fill(phone);
  await page.getByTestId("verify").locator('button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(await codeFor(phone, since));
  await page.getByTestId("verify").locator('button[type="submit"]').click();
  await page.getByTestId("vote-form").waitFor();
  await check("rating-vote");
  await page.goto("/t/taraz/submit");
  await page.getByTestId("submit-form").waitFor();
  await check("submit-form");
  await page.goto("/t/taraz/track");
  await page.getByTestId("my-appeals").waitFor({ state: "attached" });
  await check("track-mine");

  // A table wider than the screen scrolls in its box, which the keyboard reaches by name.
  await page.goto("/t/taraz/rating");
  await settled(page);
  const box = page.locator(".table-scroll").filter({ has: page.getByTestId("rating") });
  const sizes = await box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, role: el.getAttribute("role"), tab: el.tabIndex }));
  if (sizes.scroll > sizes.client) expect(sizes).toMatchObject({ role: "region", tab: 0 });
  expect(found, `axe found:\n${found.join("\n")}`).toEqual([]);
  await ctx.close();
});

test("on a phone the navigation folds into a menu that opens, leads on and closes", async () => {
  const ctx = await phoneContext();
  const page = await ctx.newPage();
  await page.goto("/t/astana");
  await settled(page);
  const toggle = page.getByRole("button", { name: "Меню" });
  const nav = page.getByRole("navigation");
  expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  expect(await nav.isVisible()).toBe(false);
  const controls = await toggle.getAttribute("aria-controls");
  expect(await page.locator(`[id="${controls}"]`).count()).toBe(1);

  await toggle.click();
  expect(await toggle.getAttribute("aria-expanded")).toBe("true");
  await nav.getByRole("link", { name: "Подать обращение" }).waitFor();
  expect((await measure(page)).width).toBeLessThanOrEqual(PHONE.width);
  expect(await audit(page, "phone menu open")).toEqual([]);
  await screenshot(page, "menu-open");

  // A link followed closes the menu.
  await nav.getByRole("link", { name: "Рейтинг КСК" }).click();
  await page.getByTestId("rating").waitFor();
  expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  expect(await nav.isVisible()).toBe(false);

  // From the keyboard: Enter opens it, Tab goes into it, Escape closes it and gives the focus back.
  await toggle.focus();
  await page.keyboard.press("Enter");
  expect(await toggle.getAttribute("aria-expanded")).toBe("true");
  await page.keyboard.press("Tab");
  expect(await page.evaluate(() => document.activeElement?.closest("nav") !== null)).toBe(true);
  await page.keyboard.press("Escape");
  expect(await toggle.getAttribute("aria-expanded")).toBe("false");
  expect(await page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("menu-toggle");

  // On a wide screen there is no menu button: the links stand in the bar.
  await page.setViewportSize({ width: 1366, height: 900 });
  expect(await toggle.isVisible()).toBe(false);
  expect(await nav.isVisible()).toBe(true);
  await ctx.close();
});
