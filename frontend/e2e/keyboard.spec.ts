// The keyboard alone: an operator registers a call (type, ↓, Enter, Tab … Enter) through search
// lists that follow the ARIA combobox pattern, Tab going in the order the form is read and Enter
// in a half-filled form sending nothing; after Take and Resolve the focus lands on the result;
// and the focus ring reads on the city's brand bar as on the page.
import { copyFileSync } from "node:fs";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { contrast } from "../src/components/contrast";
import { api, context, launch, shot, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** What has the focus, in a few words. */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      tag: el?.tagName.toLowerCase() ?? "",
      name: el?.getAttribute("name") ?? "",
      role: el?.getAttribute("role") ?? "",
      testId: el?.closest("[data-testid]")?.getAttribute("data-testid") ?? "",
      text: (el?.textContent ?? "").trim(),
    };
  });
}

/** The combobox's state as assistive technology reads it. */
async function combobox(page: Page, testId: string) {
  return page.getByTestId(testId).getByRole("combobox").evaluate((box) => {
    const list = document.getElementById(box.getAttribute("aria-controls") ?? "");
    const active = document.getElementById(box.getAttribute("aria-activedescendant") ?? "");
    return {
      expanded: box.getAttribute("aria-expanded"),
      listRole: list?.getAttribute("role") ?? null,
      listShown: !!list && !list.hidden,
      activeRole: active?.getAttribute("role") ?? null,
      activeSelected: active?.getAttribute("aria-selected") ?? null,
      activeInList: !!active && !!list?.contains(active),
      activeText: active?.textContent ?? null,
      value: (box as HTMLInputElement).value,
    };
  });
}

const CALLER = `+7701${String(Date.now()).slice(-7)}`;

test("an operator registers a call with the keyboard alone, and the focus follows Take and Resolve", async () => {
  const [building] = (await api("astana", `query { buildings(page: { first: 1 }) { nodes { code } } }`)).buildings.nodes as { code: string }[];
  const ctx = await context(browser);
  const page = await ctx.newPage();
  // Signing in from the keyboard: Enter in the login alone sends nothing.
  await page.goto("/t/astana/staff");
  await expect.poll(async () => (await focused(page)).name).toBe("login");
  await page.keyboard.type("operator@astana");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
  expect(await page.getByRole("alert").count()).toBe(0);
  expect((await focused(page)).name).toBe("login");
  await page.keyboard.press("Tab");
  await page.keyboard.type("qala-demo-109");
  await page.keyboard.press("Enter");
  await page.getByRole("heading", { name: "Register a call" }).waitFor();

  // The phone has the focus; Enter looks the caller up and moves to the service.
  expect((await focused(page)).name).toBe("phone");
  await page.keyboard.type(CALLER);
  await page.keyboard.press("Enter");
  expect(await focused(page)).toMatchObject({ role: "combobox", testId: "service" });

  // The service list: typed, ↓ and ↑ move the highlighted option, Enter picks it.
  await page.keyboard.type("water");
  const options = page.getByTestId("service").getByRole("listbox").getByRole("option");
  await options.first().waitFor();
  await page.waitForLoadState("networkidle");
  let state = await combobox(page, "service");
  expect(state).toMatchObject({ expanded: "true", listRole: "listbox", listShown: true, activeRole: "option", activeSelected: "true", activeInList: true });
  const texts = await options.allTextContents();
  expect(texts.length).toBeGreaterThan(1);
  expect(state.activeText).toBe(texts[0]);
  await page.keyboard.press("ArrowDown");
  expect((await combobox(page, "service")).activeText).toBe(texts[1]);
  await page.keyboard.press("ArrowUp");
  expect((await combobox(page, "service")).activeText).toBe(texts[0]);
  const wanted = texts.findIndex((text) => /Drinking water quality/.test(text));
  expect(wanted).toBeGreaterThanOrEqual(0);
  for (let i = 0; i < wanted; i++) await page.keyboard.press("ArrowDown");
  expect((await combobox(page, "service")).activeText).toMatch(/Drinking water quality/);
  await page.keyboard.press("Enter");
  state = await combobox(page, "service");
  expect(state).toMatchObject({ expanded: "false", listShown: false, activeRole: null });
  expect(state.value).toMatch(/Drinking water quality/);

  // Back to the name: Enter there does not send a form with no description.
  await page.keyboard.press("Shift+Tab");
  expect((await focused(page)).name).toBe("name");
  await page.keyboard.type("Aliya");
  await page.keyboard.press("Enter");
  await page.waitForTimeout(300);
  expect(await page.getByTestId("receipt").count()).toBe(0);
  expect(await page.getByRole("alert").count()).toBe(0);

  // Tab goes as the form is read: the service (its pick kept), the description, the language,
  // then the place — the building before the button that registers.
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatchObject({ role: "combobox", testId: "service" });
  expect((await combobox(page, "service")).value).toMatch(/Drinking water quality/);
  await page.keyboard.press("Tab");
  expect((await focused(page)).name).toBe("description");
  await page.keyboard.type("Brown water from the tap since the morning.");
  await page.keyboard.press("Tab");
  expect((await focused(page)).tag).toBe("select");
  await page.keyboard.press("Tab");
  expect(await focused(page)).toMatchObject({ role: "combobox", testId: "building" });
  await page.keyboard.type(building.code);
  await page.getByRole("option", { name: new RegExp(building.code) }).first().waitFor();
  await page.waitForLoadState("networkidle");
  await page.keyboard.press("Enter");
  expect((await combobox(page, "building")).value).toContain(building.code);
  await page.keyboard.press("Tab");
  expect((await focused(page)).name).toBe("address");
  // On through the map to the button, which comes last.
  let steps = 0;
  while ((await focused(page)).text !== "Register" && steps++ < 10) await page.keyboard.press("Tab");
  expect(await focused(page)).toMatchObject({ tag: "button", text: "Register" });
  await page.keyboard.press("Enter");
  const receipt = page.getByTestId("receipt");
  await receipt.waitFor();
  // The focus is on the result: the receipt's heading with the new number.
  const heading = await focused(page);
  expect(heading).toMatchObject({ tag: "h1", testId: "receipt" });
  const number = heading.text.match(/AST-\d{4}-\d+/)?.[0];
  expect(number).toBeTruthy();
  await shot(page, "keyboard-receipt");
  await ctx.close();

  // The executor takes and resolves it: each time the focus goes to the status it is in now.
  const executorToken = await token("astana", "executor@astana");
  const found = await api("astana", "query($n: String!) { appealByNumber(number: $n) { id } }", { n: number }, executorToken);
  const executorCtx = await context(browser);
  const executor = await executorCtx.newPage();
  await executor.goto("/t/astana/staff");
  await executor.locator('input[name="login"]').fill("executor@astana");
  await executor.locator('input[name="password"]').fill("qala-demo-109");
  await executor.keyboard.press("Enter");
  await executor.getByTestId("who").waitFor();
  await executor.goto(`/t/astana/staff/appeals/${found.appealByNumber.id}`);
  await executor.getByRole("button", { name: "Take into work" }).focus();
  await executor.keyboard.press("Enter");
  await expect.poll(async () => (await focused(executor)).role).toBe("status");
  const taken = await focused(executor);
  expect(taken.testId).toBe("action-result");
  expect(taken.text).toContain("In progress");
  // Tab leads on from the result to the comment and the next step.
  await executor.keyboard.press("Tab");
  expect((await focused(executor)).name).toBe("comment");
  await executor.keyboard.type("Flushed the riser; the water is clear.");
  await executor.keyboard.press("Tab");
  expect(await focused(executor)).toMatchObject({ tag: "button", text: "Resolve" });
  await executor.keyboard.press("Enter");
  await expect.poll(async () => (await focused(executor)).text).toContain("Resolved");
  expect((await focused(executor)).role).toBe("status");
  await shot(executor, "keyboard-resolved");
  await executorCtx.close();
});

/** The focus ring of the focused element: its color against what is around it. */
function ring(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const style = getComputedStyle(el);
    const bar = el.closest(".brandbar");
    const around = bar ? getComputedStyle(bar).backgroundColor : getComputedStyle(document.body).backgroundColor;
    return { outline: style.outlineColor, width: parseFloat(style.outlineWidth), styleName: style.outlineStyle, around, inBar: !!bar };
  });
}

const hex = (rgb: string) =>
  `#${(rgb.match(/\d+/g) ?? [])
    .slice(0, 3)
    .map((n) => Number(n).toString(16).padStart(2, "0"))
    .join("")}`;

test("the focus ring reads on the brand bar and on the page, in each city's colors", async () => {
  for (const slug of ["taraz", "petropavlovsk", "astana"]) {
    const ctx = await context(browser);
    const page = await ctx.newPage();
    await page.goto(`/t/${slug}`);
    await page.locator("h1").waitFor();
    // The first Tab stop is the brand's link in the bar.
    await page.keyboard.press("Tab");
    const onBar = await ring(page);
    expect(onBar).toMatchObject({ inBar: true, styleName: "solid" });
    expect(onBar.width).toBeGreaterThanOrEqual(2);
    expect(contrast(hex(onBar.outline), hex(onBar.around)), `${slug}: ring ${onBar.outline} on ${onBar.around}`).toBeGreaterThanOrEqual(3);
    const header = page.locator("header.brandbar");
    await header.screenshot({ path: `/tmp/fe15b-focus-bar-${slug}.png` });
    // A link of the page, out of the bar.
    await page.locator("main a").first().focus();
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Tab");
    const onPage = await ring(page);
    expect(onPage.inBar).toBe(false);
    expect(contrast(hex(onPage.outline), hex(onPage.around)), `${slug}: ring ${onPage.outline} on ${onPage.around}`).toBeGreaterThanOrEqual(3);
    await ctx.close();
  }
  copyFileSync("/tmp/fe15b-focus-bar-taraz.png", "/tmp/fe15b-focus-bar.png");
});
