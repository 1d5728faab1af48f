// The registries behind the operators' answers and the public pages: repeats linked from the
// receipt and merged on the appeal page, planned outages, excavation permits, the works queue
// (and its map on the portal), the catalog and buildings edited in place, and a voided vote.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { toZonedInput } from "../src/i18n/format";
import { api, baseURL, codeFor, context, launch, shot, signIn, token } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

type Building = { id: string; code: string; address: string; managingOrganization: { id: string; kind: string } | null };

async function buildings(slug: string): Promise<Building[]> {
  const data = await api(slug, `query { buildings(page: { first: 50 }) { nodes { id code address managingOrganization { id kind } } } }`);
  return data.buildings.nodes;
}

/** Picks the first option a SearchPick offers for `text`. */
async function pickFrom(page: Page, testId: string, text: string, option: RegExp) {
  await page.getByTestId(testId).getByRole("combobox").fill(text);
  await page.getByRole("option", { name: option }).first().click();
}

test("an operator links a new appeal to a repeat from the receipt, and merges another on its page", async () => {
  const [building] = await buildings("astana");
  const operatorToken = await token("astana", "operator@astana");
  const register = async (phone: string) =>
    (
      await api(
        "astana",
        `mutation($i: RegisterAppealInput!) { registerAppeal(input: $i) { appeal { id number } } }`,
        { i: { channel: "PHONE", serviceTypeId: "59", description: "Brown water again", buildingId: building.id, resident: { phone } } },
        operatorToken,
      )
    ).registerAppeal.appeal as { id: string; number: string };
  const first = await register("+77015550301");

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "operator@astana");
  await page.getByLabel("Caller's phone").fill("+77015550302");
  await pickFrom(page, "service", "drinking water", /Drinking water quality/);
  await page.getByLabel("What happened").fill("Brown water in the whole entrance");
  await pickFrom(page, "building", building.code, new RegExp(building.code));
  await page.getByRole("button", { name: "Register" }).click();
  const receipt = page.getByTestId("receipt");
  const candidate = receipt.getByRole("listitem").filter({ hasText: first.number });
  await candidate.getByRole("button", { name: "Link as a repeat of this one" }).click();
  await candidate.getByText("Linked as a repeat").waitFor();
  await shot(page, "operator-receipt-linked");
  await receipt.getByRole("link").last().click();
  await expect.poll(() => page.getByTestId("parent").textContent()).toContain(`#${first.id}`);

  // The same caller again about the same thing: merged into the first appeal.
  const duplicate = await register("+77015550301");
  await page.goto(`/t/astana/staff/appeals/${duplicate.id}`);
  await page.getByLabel("Repeat of appeal No.").fill(first.number);
  await page.getByRole("button", { name: "Merge into it" }).click();
  await expect.poll(() => page.getByTestId("appeal").locator("header").first().textContent()).toContain("Merged");
  await ctx.close();
});

test("a city admin announces an outage, registers and closes a permit, and queues a yard for asphalt", async () => {
  const all = await buildings("astana");
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/astana/staff", "admin@astana");
  const stamp = Date.now();

  // An outage for two buildings, in force now (an hour ago until twelve hours on, in the city's
  // time), so that it is listed among the current ones whatever day the test runs.
  await page.getByRole("link", { name: "Outages" }).click();
  const outage = page.getByTestId("outage-form");
  const cityTime = (hours: number) => toZonedInput(new Date(Date.now() + hours * 3_600_000).toISOString(), "Asia/Almaty");
  await outage.getByLabel("Kind").selectOption("HOT_WATER");
  await outage.getByLabel("Starts").fill(cityTime(-1));
  await outage.getByLabel("Ends").fill(cityTime(12));
  for (const b of all.slice(0, 2)) await pickFrom(page, "outage-building", b.code, new RegExp(b.code));
  await expect.poll(() => page.getByTestId("outage-buildings").getByRole("listitem").count()).toBe(2);
  await outage.getByLabel("Message in Kazakh").fill(`Ыстық су 1 желтоқсанда 20:00-ге дейін болмайды (${stamp})`);
  await outage.getByLabel("Message in Russian").fill(`Горячей воды не будет 1 декабря до 20:00 (${stamp})`);
  await outage.getByLabel("Message in English").fill(`No hot water on 1 December until 20:00 (${stamp})`);
  await outage.getByRole("button", { name: "Announce an outage" }).click();
  await page.getByTestId("outages").getByText(`No hot water on 1 December until 20:00 (${stamp})`).waitFor();
  await shot(page, "admin-outages");

  // A permit drawn as a line across the street, then closed once the asphalt is back.
  await page.getByRole("link", { name: "Permits" }).click();
  const permit = page.getByTestId("permit-form");
  await permit.getByLabel("Number").fill(`E2E-${stamp}`);
  await pickFrom(page, "permit-holder", "Su Arnasy", /Su Arnasy/);
  await permit.getByLabel("Work", { exact: true }).fill("Water main repair");
  await permit.getByLabel("Address").fill("Kenesary street 40");
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  await permit.getByLabel("Issued on").fill(day(0));
  await permit.getByLabel("Works from").fill(day(1));
  await permit.getByLabel("Works until").fill(day(8));
  await permit.getByLabel("Surface restored by").fill(day(18));
  const map = page.getByTestId("map");
  await map.click({ position: { x: 200, y: 200 } });
  await map.click({ position: { x: 320, y: 240 } });
  await expect.poll(() => page.getByTestId("permit-points").textContent()).toContain("2");
  await permit.getByRole("button", { name: "Add" }).click();
  await permit.getByText(`Permit E2E-${stamp} is registered`).waitFor();
  const row = page.getByTestId("permit-registry").getByRole("row").filter({ hasText: `E2E-${stamp}` });
  expect(await row.textContent()).toContain("Astana Su Arnasy");
  await shot(page, "admin-permits");
  await row.getByRole("button", { name: "Close: restored today" }).click();
  await expect.poll(() => row.textContent()).toContain("Closed");

  // A yard in the asphalt queue, placed by its building: it shows on the portal's map.
  const yard = all[2];
  await page.getByRole("link", { name: "Works queue" }).click();
  const works = page.getByTestId("works-form");
  await pickFrom(page, "works-building", yard.code, new RegExp(yard.code));
  await works.getByLabel("Area, m²").fill("640");
  await works.getByLabel("Contractor").fill(`Zhol ${stamp}`);
  await works.getByRole("button", { name: "Add" }).click();
  const entry = page.getByTestId("works-registry").getByRole("row").filter({ hasText: `Zhol ${stamp}` });
  await entry.waitFor();
  await entry.getByRole("button", { name: yard.address }).click();
  await works.getByLabel("Status").selectOption("IN_PROGRESS");
  await works.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => entry.textContent()).toContain("In progress");

  await page.goto("/t/astana/works");
  await page.getByTestId("works").getByRole("cell", { name: yard.address }).first().waitFor();
  await expect.poll(() => page.getByTestId("map").locator("path.leaflet-interactive").count()).toBeGreaterThan(0);
  await shot(page, "portal-works-map");
  await ctx.close();
});

test("a city admin edits a service type and a building in place", async () => {
  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/petropavlovsk/staff", "admin@petropavlovsk");
  await page.getByRole("link", { name: "Catalog" }).click();
  const catalog = page.getByTestId("catalog");
  const code = ((await catalog.getByRole("button").first().textContent()) ?? "").trim();
  await catalog.getByRole("button", { name: code, exact: true }).click();
  const form = page.getByTestId("service-form");
  await form.getByRole("heading", { name: `Edit service type ${code}` }).waitFor();
  await expect.poll(() => form.getByLabel("Name (English)").inputValue()).not.toBe("");
  const renamed = `Renamed ${Date.now()}`;
  await form.getByLabel("Name (English)").fill(renamed);
  await form.getByLabel("Deadline (24h or 15wd)").fill("3 days");
  await form.getByRole("button", { name: "Save" }).click();
  await expect.poll(() => form.getByRole("alert").getAttribute("data-code")).toBe("VALIDATION");
  await form.getByLabel("Deadline (24h or 15wd)").fill("48h");
  await form.getByRole("button", { name: "Save" }).click();
  await page.getByText(`Service type ${code} is saved`).waitFor();
  await catalog.getByRole("cell", { name: renamed }).waitFor();
  expect(await catalog.getByRole("row").filter({ hasText: renamed }).textContent()).toContain("48 h");

  await page.getByRole("link", { name: "Buildings" }).click();
  const list = page.getByTestId("buildings");
  const building = ((await list.getByRole("button").first().textContent()) ?? "").trim();
  await list.getByRole("button", { name: building, exact: true }).click();
  const edit = page.getByTestId("building-form");
  await edit.getByRole("heading", { name: `Edit building ${building}` }).waitFor();
  await edit.getByLabel("Apartments").fill("321");
  await edit.getByRole("button", { name: "Save" }).click();
  await edit.getByText(`Building ${building} is saved`).waitFor();
  await list.getByRole("row").filter({ hasText: building }).getByRole("cell", { name: "321" }).waitFor();
  await shot(page, "admin-catalog-buildings");

  // An Open311 client app gets its key once; the key then posts a request.
  await page.getByRole("link", { name: "Settings" }).click();
  const clients = page.getByTestId("open311-clients");
  await clients.getByLabel("App name").fill("Petropavlovsk city app");
  await clients.getByRole("button", { name: "Issue a key" }).click();
  const key = ((await clients.getByTestId("open311-key").locator("code").textContent()) ?? "").trim();
  expect(key).toMatch(/^[0-9a-f]{48}$/);
  const posted = await fetch(`${baseURL()}/t/petropavlovsk/open311/v2/requests.json`, {
    method: "POST",
    body: new URLSearchParams({ api_key: key, service_code: "street-lights-off", lat: "54.87", long: "69.15", "attribute[pole_number]": "12-7" }),
  });
  expect(posted.status).toBe(200);
  await clients.getByRole("cell", { name: "Petropavlovsk city app" }).waitFor();

  // The messaging doors: a token that is not a bot's is refused with the field named, and the
  // mailbox opens with the service type its letters are filed under.
  const channels = page.getByTestId("messaging-channels");
  await channels.getByLabel("Bot token").fill("not-a-token");
  await channels.getByRole("button", { name: "Connect" }).click();
  await channels.getByText(/expected a bot token from @BotFather/).waitFor();
  await pickFrom(page, "email-service", "street", /Street lights are out/);
  await channels.getByRole("button", { name: "Take appeals by e-mail" }).click();
  await channels.getByTestId("email-state").getByText(/Mail to petropavlovsk@localhost is filed as “Street lights are out”/).waitFor();
  await shot(page, "admin-settings-channels");
  await channels.getByRole("button", { name: "Stop taking e-mail" }).click();
  await channels.getByTestId("email-state").getByText(/takes no appeals yet/).waitFor();
  await ctx.close();
});

test("a city admin voids a fraudulent KSK vote with a reason, and the rating stops counting it", async () => {
  const managed = (await buildings("taraz")).find((b) => b.managingOrganization && ["KSK", "OSI"].includes(b.managingOrganization.kind));
  expect(managed).toBeTruthy();
  const phone = "+77015550399";
  const since = Date.now() - 1000;
  await api("taraz", `mutation($p: String!) { requestVerificationCode(phone: $p) }`, { p: phone });
  const session = (await api("taraz", `mutation($p: String!, $c: String!) { verifyPhone(phone: $p, code: $c) { token } }`, { p: phone, c: await codeFor(phone, since) }))
    .verifyPhone.token as string;
  const org = managed!.managingOrganization!.id;
  await api(
    "taraz",
    `mutation($o: ID!, $b: ID!) { voteKsk(organizationId: $o, buildingId: $b, apartment: "12", score: 1, comment: "bought vote") { id } }`,
    { o: org, b: managed!.id },
    session,
  );

  const ctx = await context(browser);
  const page = await ctx.newPage();
  await signIn(page, "/t/taraz/staff", "admin@taraz");
  await page.getByRole("link", { name: "Rating votes" }).click();
  const orgs = page.getByTestId("vote-organizations");
  // The organization of the building voted on, and its counts in the public rating.
  type Entry = { organizationId: string; votes: number; voidedVotes: number; name: { en: string } };
  const entry = async () =>
    ((await api("taraz", `query { kskRating { entries { organizationId votes voidedVotes name { en } } } }`)).kskRating.entries as Entry[]).find(
      (e) => e.organizationId === org,
    )!;
  const before = await entry();
  const name = before.name.en;
  await orgs.getByRole("button", { name, exact: true }).click();
  const vote = page.getByTestId("votes").getByRole("row").filter({ hasText: "bought vote" });
  await vote.waitFor();
  expect(await vote.getByRole("button", { name: "Void" }).isDisabled()).toBe(true); // no reason yet
  await page.getByLabel("Reason for voiding").fill("Votes bought at the entrance");
  await vote.getByRole("button", { name: "Void" }).click();
  await vote.getByText("Voided: Votes bought at the entrance").waitFor();
  const after = await entry();
  expect([after.votes, after.voidedVotes]).toEqual([before.votes - 1, before.voidedVotes + 1]);
  await orgs.getByRole("row").filter({ hasText: name }).getByRole("cell", { name: String(after.voidedVotes), exact: true }).first().waitFor();
  await shot(page, "admin-votes");
  await ctx.close();
});
