// The public portal: a resident verifies a phone and votes for the OSI of the building, files an
// appeal with a photo and a point on the map (which the operator opens from the console); the
// language switch changes the page and stays.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { api, context, launch, shot, signIn, token, verifyPhone } from "./harness";

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

test("a resident verifies the phone and votes in the KSK rating", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto("/t/petropavlovsk/rating");
  await page.getByTestId("rating").waitFor();
  await verifyPhone(page, "+77051112233");
  const form = page.getByTestId("vote-form");
  const building = form.getByRole("combobox", { name: "Your building" });
  await building.click();
  const first = page.getByRole("listbox").getByRole("option").first();
  await first.waitFor();
  await building.press("Enter");
  await form.getByText(/^Managed by /).waitFor();
  await form.getByLabel("Apartment").fill("12");
  await form.getByLabel("Score").selectOption("5");
  await form.getByRole("button", { name: "Vote" }).click();
  await form.getByText("Your vote is counted").waitFor();
  await shot(page, "portal-rating-voted");
  // The table shows the vote once the rating is read again.
  const votes = await page.getByTestId("rating").locator('td[data-testid^="votes-"]').allTextContents();
  expect(votes.map(Number).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  await ctx.close();
});

test("a resident files an appeal with a photo and a point on the map", async () => {
  const ctx = await context(browser, "ru");
  const page = await ctx.newPage();
  await page.goto("/t/taraz/submit");
  await page.getByTestId("language").selectOption("en");
  await verifyPhone(page, "+77077654321");
  const form = page.getByTestId("submit-form");
  const service = form.getByRole("combobox", { name: "Service type" });
  await service.click();
  await service.fill("water");
  await page.getByRole("listbox").getByRole("option").first().waitFor();
  await service.press("Enter");
  await form.getByLabel("Describe the problem").fill("Water is leaking from a pipe in the yard.");
  await form.getByLabel("Photo (optional)").setInputFiles({ name: "leak.png", mimeType: "image/png", buffer: PNG });
  await form.getByTestId("map").click({ position: { x: 200, y: 150 } });
  await form.getByText(/^Place marked:/).waitFor();
  await shot(page, "portal-submit");
  await form.getByRole("button", { name: "Send the appeal" }).click();
  const accepted = page.getByTestId("accepted");
  await accepted.waitFor();
  const number = (await accepted.textContent())?.match(/TRZ-\d{4}-\d+/)?.[0] ?? "";
  expect(number).not.toBe("");
  await shot(page, "portal-submit-accepted");
  await ctx.close();

  // The operator opens the photo from the appeal's page: its link works on its own, as a new tab
  // would open it (no token goes with a link).
  const staff = await context(browser);
  const console_ = await staff.newPage();
  await signIn(console_, "/t/taraz/staff", "operator@taraz");
  const found = await api("taraz", "query($n: String!) { appealByNumber(number: $n) { id } }", { n: number }, await token("taraz", "operator@taraz"));
  await console_.goto(`/t/taraz/staff/appeals/${found.appealByNumber.id}`);
  const link = console_.getByTestId("attachments").getByRole("link", { name: "leak.png" });
  const href = (await link.getAttribute("href")) ?? "";
  const opened = await console_.evaluate(async (url) => {
    const response = await fetch(url, { credentials: "omit" });
    return { status: response.status, type: response.headers.get("content-type") };
  }, href);
  expect(opened).toEqual({ status: 200, type: "image/png" });
  await staff.close();
});

test("the language switch changes the page and is remembered", async () => {
  const ctx = await context(browser, "en");
  const page = await ctx.newPage();
  await page.goto("/t/astana");
  const heading = page.getByRole("heading", { level: 1 });
  await expect.poll(() => heading.textContent()).toContain("the city service center of Astana");
  await page.getByTestId("language").selectOption("kk");
  await expect.poll(() => page.getByRole("link", { name: "Өтініш беру" }).count()).toBeGreaterThan(0);
  expect(await page.evaluate(() => document.documentElement.lang)).toBe("kk");
  await shot(page, "portal-home-kk");
  await page.getByTestId("language").selectOption("ru");
  await expect.poll(() => heading.textContent()).toContain("Астана");
  await page.reload();
  await expect.poll(() => page.getByTestId("language").inputValue()).toBe("ru");
  await shot(page, "portal-home-ru");
  await ctx.close();
});

test("the public permit map and the asphalt queue render without tiles", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await page.goto("/t/astana/permits");
  await page.locator(".leaflet-container").waitFor();
  await page.getByTestId("permits").waitFor();
  await shot(page, "portal-permits");
  await page.goto("/t/astana/works");
  await page.getByTestId("works").waitFor();
  await ctx.close();
});
