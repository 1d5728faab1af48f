// The appeal's whole road in the browser: the phone system announces a call, the operator
// registers it from the keyboard, the executor resolves it, the operator closes it after the
// callback, and the resident rates it on the portal.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, test } from "vitest";

import { api, baseURL, context, launch, shot, signIn, token, verifyPhone } from "./harness";

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const CALLER = "+77015550109";

test("a phone appeal from the call to the resident's rating", async () => {
  // The phone system puts a call through to the operator.
  const admin = await token("astana", "admin@astana");
  const secret = (await api("astana", `mutation { rotateIntegrationSecret(integration: PHONE) }`, {}, admin)).rotateIntegrationSecret;
  const announced = await fetch(`${baseURL()}/t/astana/channels/phone/calls`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
    body: JSON.stringify({ call_id: `e2e-${Date.now()}`, caller: CALLER, operator: "operator@astana" }),
  });
  expect(announced.status).toBe(200);

  // The operator takes the call and registers it without touching the mouse.
  const operatorCtx = await context(browser);
  const operator = await operatorCtx.newPage();
  await signIn(operator, "/t/astana/staff", "operator@astana");
  await operator.getByRole("heading", { name: "Register a call" }).waitFor();
  const banner = operator.getByTestId("incoming-call");
  await expect.poll(() => banner.textContent(), { timeout: 10_000 }).toContain(CALLER);
  await shot(operator, "operator-intake-incoming-call");
  await banner.getByRole("button").click();
  await expect.poll(() => operator.getByLabel("Caller's phone").inputValue()).toBe(CALLER);
  await operator.keyboard.press("Alt+1");
  await operator.keyboard.press("Enter"); // looks the caller up, moves on to the service
  await operator.keyboard.type("drinking water");
  await operator.getByRole("option", { name: /Drinking water quality/ }).waitFor();
  await operator.keyboard.press("Enter");
  await operator.keyboard.press("Tab");
  await operator.keyboard.type("The tap water is brown since this morning.");
  await operator.keyboard.press("Alt+3");
  await operator.keyboard.press("Tab");
  await operator.keyboard.type("Kenesary street 40, entrance 2");
  await operator.keyboard.press("Control+Enter");
  const receipt = operator.getByTestId("receipt");
  await receipt.waitFor();
  const number = ((await receipt.getByRole("heading").first().textContent()) ?? "").match(/AST-\d{4}-\d+/)?.[0];
  expect(number).toBeTruthy();
  await shot(operator, "operator-receipt");

  // The executor of the water utility finds it in the organization's queue and resolves it.
  const executorCtx = await context(browser);
  const executor = await executorCtx.newPage();
  await signIn(executor, "/t/astana/staff", "executor@astana");
  await executor.getByRole("heading", { name: "Appeals of my organization" }).waitFor();
  await executor.getByPlaceholder("Number, words of the text or address, or the caller's phone").fill(number!);
  await executor.getByRole("link", { name: number! }).click();
  await executor.getByRole("button", { name: "Take into work" }).click();
  await executor.getByText("In progress", { exact: true }).first().waitFor();
  await executor.getByLabel("Comment").fill("Flushed the riser; the water is clear.");
  await executor.getByRole("button", { name: "Resolve" }).click();
  await executor.getByText("Resolved", { exact: true }).first().waitFor();
  await shot(executor, "executor-appeal-resolved");

  // The operator calls back and closes it.
  await operator.getByRole("link", { name: "Callbacks" }).click();
  await operator.getByRole("link", { name: number! }).click();
  await shot(operator, "operator-appeal-callback");
  await operator.getByRole("button", { name: "Close after callback" }).click();
  await operator.getByText("Closed", { exact: true }).first().waitFor();

  // The resident confirms the phone on the portal and rates the handling.
  const residentCtx = await context(browser);
  const resident = await residentCtx.newPage();
  await resident.goto("/t/astana/track");
  await verifyPhone(resident, CALLER);
  const mine = resident.getByTestId("my-appeals").locator(`li[data-number="${number}"]`);
  await mine.waitFor();
  await mine.getByRole("combobox").selectOption("4");
  await mine.getByRole("button", { name: "Rate the handling" }).click();
  await mine.getByText("Your rating: ★★★★").waitFor();
  await shot(resident, "portal-my-appeals-rated");

  // The rating is on the appeal the staff see.
  await operator.reload();
  await expect.poll(() => operator.getByTestId("rating").textContent()).toContain("★★★★");
  await Promise.all([operatorCtx.close(), executorCtx.close(), residentCtx.close()]);
});
