// Every string a city admin can set is text, never markup that runs: a city onboarded for this
// test carries script in its brand, names, address, outage message, staff name and map
// attribution, and no page of its portal or console runs any of it. The pages are served with a
// Content-Security-Policy that refuses inline script, and the refresh token is out of reach.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { api, baseURL, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const SLUG = "xsscity";
// Each payload bumps a counter if it ever runs.
const RUNS = `<img src=x onerror="window.__xss=(window.__xss||0)+1"><script>window.__xss=(window.__xss||0)+1</script>`;

async function platformToken(): Promise<string> {
  const response = await fetch(`${baseURL()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `mutation { login(login: "platform@qala", password: "qala-demo-109") { accessToken } }` }),
  });
  return (await response.json()).data.login.accessToken;
}

async function nothingRan(page: Page, where: string) {
  await page.waitForLoadState("networkidle");
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), where).toBeUndefined();
}

test("markup in every string a city admin sets is shown as text and never runs", async () => {
  // A city of its own, with script in the strings its manifest names.
  const fixture = join(dirname(fileURLToPath(import.meta.url)), "../../tests/fixtures/alpha.toml");
  const literal = (text: string) => `'${text}'`;
  const manifest = readFileSync(fixture, "utf8")
    .replace('slug = "alpha"', `slug = "${SLUG}"`)
    .replace('brand = "Alpha 109"', `brand = ${literal(`Brand ${RUNS}`)}`)
    .replace('appeal_prefix = "ALF"', 'appeal_prefix = "XSS"')
    .replace('en = "OSI One"', `en = ${literal(`OSI ${RUNS}`)}`)
    .replace('en = "Water utility"', `en = ${literal(`Water ${RUNS}`)}`);
  const platform = await platformToken();
  const onboard = await fetch(`${baseURL()}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${platform}` },
    body: JSON.stringify({ query: "mutation($m: String!) { onboardTenant(manifest: $m) { slug } }", variables: { m: manifest } }),
  });
  const onboarded = await onboard.json();
  expect(onboarded.errors, JSON.stringify(onboarded.errors)).toBeUndefined();

  // Its admin (named with script) sets the rest through the API, as the console would.
  await api(
    SLUG,
    `mutation($n: String!) { createUser(input: { login: "admin@${SLUG}", displayName: $n, password: "qala-demo-109", roles: [CITY_ADMIN] }) { id } }`,
    { n: `Admin ${RUNS}` },
    platform,
  );
  const admin = await token(SLUG, `admin@${SLUG}`);
  await api(
    SLUG,
    "mutation($b: BrandingInput!) { setBranding(input: $b) { color } }",
    { b: { color: "#336699", tileUrl: `${baseURL()}/no-tiles/{z}/{x}/{y}.png`, tileAttribution: `Tiles ${RUNS}` } },
    admin,
  );
  const buildings = await api(SLUG, "query { buildings(page: { first: 5 }) { nodes { id } } }", {}, admin);
  const building = buildings.buildings.nodes[0].id;
  await api(SLUG, "mutation($id: ID!, $a: String!) { updateBuilding(id: $id, input: { address: $a }) { id } }", { id: building, a: `Street ${RUNS}` }, admin);
  const hour = 3_600_000;
  await api(
    SLUG,
    "mutation($o: OutageAnnouncement!) { announceOutage(input: $o) { id } }",
    {
      o: {
        kind: "WATER",
        buildingIds: [building],
        startsAt: new Date(Date.now() - hour).toISOString(),
        endsAt: new Date(Date.now() + 12 * hour).toISOString(),
        message: { kk: `Су ${RUNS}`, ru: `Вода ${RUNS}`, en: `Water ${RUNS}` },
      },
    },
    admin,
  );

  const ctx = await context(browser);
  const page = await ctx.newPage();
  const blocked: string[] = [];
  page.on("console", (m) => {
    if (m.text().includes("Content Security Policy")) blocked.push(m.text());
  });
  const home = await page.goto(`/t/${SLUG}`);
  expect(home?.headers()["content-security-policy"]).toContain("script-src 'self'");
  expect(home?.headers()["x-frame-options"]).toBe("DENY");
  await nothingRan(page, "portal home");
  for (const path of ["submit", "rating", "permits"]) {
    await page.goto(`/t/${SLUG}/${path}`);
    await nothingRan(page, path);
  }
  // The permit map (the page open last) credits its tiles as the city wrote it, as text.
  const attribution = page.locator(".leaflet-control-attribution");
  await expect.poll(() => attribution.textContent()).toContain("Tiles <img src=x");
  await shot(page, "xss-portal-permits");

  await signIn(page, `/t/${SLUG}/staff`, `admin@${SLUG}`);
  expect(await page.getByTestId("who").textContent()).toContain("Admin <img src=x");
  for (const link of ["Organizations", "Buildings", "Users", "Outages", "Settings"]) {
    await page.getByRole("link", { name: link, exact: true }).click();
    await nothingRan(page, link);
  }
  await shot(page, "xss-console-settings");

  // An inline script is refused by the policy even when something manages to add one.
  await page.addScriptTag({ content: "window.__xss = 1" }).catch(() => undefined);
  await nothingRan(page, "an injected inline script");
  expect(blocked.length).toBeGreaterThan(0);
  // No refresh token is within a script's reach.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
  expect(stored).not.toContain("refresh");
  await ctx.close();
});
