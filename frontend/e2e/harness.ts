// What every browser test needs: Debian's Chromium through playwright-core (never a downloaded
// browser), screenshots under tests/e2e/screenshots/, sign-in, and the codes the SMS stand-in got.
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { inject } from "vitest";

export const baseURL = () => inject("baseURL");
const SHOTS = resolve(import.meta.dirname, "../../tests/e2e/screenshots");

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A fresh browser profile (its own storage) in the given language, at 1366×900 unless `options` say otherwise. */
export async function context(
  browser: Browser,
  lang: "kk" | "ru" | "en" = "en",
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const created = await browser.newContext({ baseURL: baseURL(), viewport: { width: 1366, height: 900 }, locale: lang, ...options });
  await created.addInitScript((chosen) => {
    if (!localStorage.getItem("qala.lang")) localStorage.setItem("qala.lang", chosen);
  }, lang);
  return created;
}

export async function shot(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, path: string, login: string) {
  await page.goto(path);
  await page.getByLabel(/^Login$/).fill(login);
  await page.getByLabel(/^Password$/).fill("qala-demo-109");
  await page.getByRole("button", { name: "Sign in" }).click();
  // A refusal (a throttle, a wrong seed) is reported with its code, not as a 30-second timeout.
  const who = page.getByTestId("who");
  const refused = page.locator("form [role=alert]");
  await who.or(refused).first().waitFor();
  if (!(await who.isVisible())) {
    throw new Error(`signing in as ${login} was refused: ${await refused.first().getAttribute("data-code")}`);
  }
}

/** The newest one-time code texted to `phone` (an appeal number never passes for one). */
export async function codeFor(phone: string, after: number): Promise<string> {
  for (let i = 0; i < 40; i++) {
    const messages: { phone: string; text: string; at: number }[] = await (await fetch(`${inject("gatewayURL")}/messages`)).json();
    const code = messages
      .filter((m) => m.phone === phone && m.at >= after)
      .map((m) => m.text.match(/(?<![\d-])\d{6}(?![\d-])/)?.[0])
      .filter(Boolean)
      .pop();
    if (code) return code;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no code texted to ${phone}`);
}

/** Verifies a phone on a portal page that shows the verification form. */
export async function verifyPhone(page: Page, phone: string) {
  const form = page.getByTestId("verify");
  const since = Date.now() - 1000;
  await form.getByLabel("Phone").fill(phone);
  await form.getByRole("button", { name: "Send the code" }).click();
  await form.getByLabel("Code from the message").fill(await codeFor(phone, since));
  await form.getByRole("button", { name: "Confirm" }).click();
  await page.getByTestId("verified").first().waitFor();
}

/** A GraphQL call for setting things up that the browser flow does not cover. */
export async function api(slug: string, query: string, variables: object = {}, token?: string) {
  const response = await fetch(`${baseURL()}/t/${slug}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const payload = await response.json();
  if (payload.errors) throw new Error(JSON.stringify(payload.errors));
  return payload.data;
}

export async function token(slug: string, login: string): Promise<string> {
  const data = await api(slug, `mutation($l: String!) { login(login: $l, password: "qala-demo-109") { accessToken } }`, { l: login });
  return data.login.accessToken;
}
