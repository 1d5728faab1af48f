import { describe, expect, it } from "vitest";

import { en } from "../i18n/messages/en";
import { kk } from "../i18n/messages/kk";
import { ru } from "../i18n/messages/ru";
import { GqlError } from "./client";
import { CODE_REFUSAL_MESSAGES, codeRefusal, ERROR_CODES, errorInfo, errorMessage, FIELD_MESSAGES, invalid, tenantSuspended } from "./errors";

const LANGUAGES = { kk, ru, en };

/** An error as the client makes it from the API's answer. */
const api = (message: string, extensions: Record<string, unknown>) =>
  new GqlError(message, String(extensions.code), extensions.field as string | undefined, extensions);

describe("every error has a text in each language", () => {
  it("for each code", () => {
    for (const code of ERROR_CODES) {
      for (const [lang, texts] of Object.entries(LANGUAGES)) {
        expect(texts[`error.${code}`]?.trim(), `${lang}: error.${code}`).toBeTruthy();
      }
    }
    for (const texts of Object.values(LANGUAGES)) expect(texts["error.RATE_LIMITED_WAIT"]).toContain("{wait}");
  });

  it("for each field the forms show", () => {
    for (const [field, key] of Object.entries(FIELD_MESSAGES)) {
      for (const [lang, texts] of Object.entries(LANGUAGES)) {
        expect(texts[key]?.trim(), `${lang}: ${field} → ${key}`).toBeTruthy();
      }
    }
  });

  it("for each refusal of a one-time code", () => {
    for (const key of Object.values(CODE_REFUSAL_MESSAGES)) {
      for (const texts of Object.values(LANGUAGES)) expect(texts[key]?.trim()).toBeTruthy();
    }
  });
});

describe("an error's text", () => {
  it("names the field the API refused", () => {
    const error = api("photo: this service type needs a photo of the result: upload one first", { code: "VALIDATION", field: "photo" });
    const info = errorInfo(error);
    expect(info).toMatchObject({ code: "VALIDATION", field: "photo" });
    expect(errorMessage(info)).toEqual({ key: "field.photo" });
    expect(en["field.photo"]).not.toContain("photo:");
  });

  it("maps each field of a form, nested ones too", () => {
    expect(errorMessage(errorInfo(api("x", { code: "VALIDATION", field: "resident.phone" })))).toEqual({ key: "field.phone" });
    expect(errorMessage(errorInfo(api("x", { code: "VALIDATION", field: "name.kk" })))).toEqual({ key: "field.nameKk" });
    expect(errorMessage(errorInfo(api("x", { code: "VALIDATION", field: "bin" })))).toEqual({ key: "field.bin" });
  });

  it("falls back to the code's text for a field no form has, never to the server's words", () => {
    const info = errorInfo(api("sort: RESOLVED orders the callback list only", { code: "VALIDATION", field: "sort" }));
    expect(errorMessage(info)).toEqual({ key: "error.VALIDATION" });
    expect(info.detail).toContain("RESOLVED");
    expect(errorMessage(errorInfo(api("tenant `x` is suspended", { code: "FORBIDDEN" })))).toEqual({ key: "error.FORBIDDEN" });
    // A suspended city is told by its reason, not by the words.
    expect(errorMessage(errorInfo(api("x", { code: "FORBIDDEN", reason: "TENANT_SUSPENDED" })))).toEqual({ key: "city.suspendedText" });
    expect(tenantSuspended(api("x", { code: "FORBIDDEN", reason: "TENANT_SUSPENDED" }))).toBe(true);
    expect(tenantSuspended(api("tenant `x` is suspended", { code: "FORBIDDEN" }))).toBe(false);
    expect(errorMessage(errorInfo(api("x", { code: "SOMETHING_NEW" })))).toEqual({ key: "error.INTERNAL" });
    expect(errorMessage(errorInfo(new Error("boom")))).toEqual({ key: "error.INTERNAL" });
    expect(errorMessage(errorInfo(new GqlError("network", "NETWORK")))).toEqual({ key: "error.NETWORK" });
  });

  it("says how long to wait when the API gives it", () => {
    expect(errorMessage(errorInfo(api("too many attempts; retry in 42 s", { code: "RATE_LIMITED", retryAfter: 42 })))).toEqual({
      key: "error.RATE_LIMITED_WAIT",
      wait: 42,
    });
    expect(errorMessage(errorInfo(api("too many", { code: "RATE_LIMITED" })))).toEqual({ key: "error.RATE_LIMITED" });
  });

  it("is the same for a check made before sending", () => {
    const early = errorInfo(invalid("location"));
    const late = errorInfo(api("location: give a building, an address or coordinates", { code: "VALIDATION", field: "location" }));
    expect(errorMessage(early)).toEqual(errorMessage(late));
  });
});

describe("a refused one-time code", () => {
  it("reads the API's reason and tries left when it gives them", () => {
    expect(codeRefusal(api("wrong code", { code: "UNAUTHENTICATED", reason: "WRONG_CODE", triesLeft: 2 }))).toEqual({
      reason: "WRONG_CODE",
      triesLeft: 2,
    });
  });

  it("reads the reason from the API, never from its words", () => {
    expect(codeRefusal(api("x", { code: "UNAUTHENTICATED", reason: "CODE_EXPIRED" }))?.reason).toBe("CODE_EXPIRED");
    expect(codeRefusal(api("x", { code: "UNAUTHENTICATED", reason: "TOO_MANY_ATTEMPTS", triesLeft: 0 }))).toEqual({
      reason: "TOO_MANY_ATTEMPTS",
      triesLeft: 0,
    });
    expect(codeRefusal(api("x", { code: "UNAUTHENTICATED", reason: "NO_CODE" }))?.reason).toBe("NO_CODE");
    // Without a reason the words do not count: it is a wrong code.
    expect(codeRefusal(api("the code has expired: request a new one", { code: "UNAUTHENTICATED" }))?.reason).toBe("WRONG_CODE");
    expect(codeRefusal(api("wrong code", { code: "UNAUTHENTICATED" }))?.triesLeft).toBeUndefined();
  });

  it("leaves other errors to the generic texts", () => {
    expect(codeRefusal(api("phone: not a phone", { code: "VALIDATION", field: "phone" }))).toBeNull();
    expect(codeRefusal(new Error("x"))).toBeNull();
  });
});
