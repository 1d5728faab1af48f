import { describe, expect, it } from "vitest";

import { langOf, previewTexts, registeredPreview, type Preview } from "./preview";

const water = { kk: "Үйде суық су жоқ", ru: "Нет холодной воды в доме", en: "No cold water in the building" };
const osi = { kk: "«Кенесары 40» МИБ", ru: "ОСИ «Кенесары 40»", en: "Kenesary 40 OSI" };
const preview: Preview = {
  serviceName: water,
  firstCall: false,
  organizationName: osi,
  dueAt: "2026-12-02T06:32:13Z",
  buildingId: "1",
  address: "ул. Кенесары, 40",
  addressKk: "Кенесары көшесі, 40",
};

describe("the intake preview", () => {
  it("names the service, the organization and the address in the caller's language", () => {
    expect(previewTexts(preview, "kk")).toEqual({
      service: "Үйде суық су жоқ",
      receiver: { kind: "organization", name: "«Кенесары 40» МИБ" },
      dueAt: "2026-12-02T06:32:13Z",
      address: "Кенесары көшесі, 40",
    });
    expect(previewTexts(preview, "ru")).toMatchObject({ service: "Нет холодной воды в доме", address: "ул. Кенесары, 40" });
    // English has no address of its own: the Russian one, as the building's record writes it.
    expect(previewTexts(preview, "en")).toMatchObject({
      service: "No cold water in the building",
      receiver: { kind: "organization", name: "Kenesary 40 OSI" },
      address: "ул. Кенесары, 40",
    });
  });

  it("reads the Russian address to a Kazakh speaker when the building has no Kazakh one", () => {
    expect(previewTexts({ ...preview, addressKk: null }, "kk").address).toBe("ул. Кенесары, 40");
    expect(previewTexts({ ...preview, addressKk: "  " }, "kk").address).toBe("ул. Кенесары, 40");
  });

  it("says who receives it when no organization does", () => {
    expect(previewTexts({ ...preview, organizationName: null }, "ru").receiver).toEqual({ kind: "operator" });
    expect(previewTexts({ ...preview, firstCall: true, organizationName: null }, "ru").receiver).toEqual({ kind: "firstCall" });
  });

  it("reads back the typed address when the choice names no building, and nothing without a place", () => {
    const bare = { ...preview, buildingId: null, address: null, addressKk: null };
    expect(previewTexts(bare, "kk", " Абай даңғылы, 10 ").address).toBe("Абай даңғылы, 10");
    expect(previewTexts(bare, "kk").address).toBeNull();
  });

  it("falls back on another language where a name is missing in the caller's", () => {
    expect(previewTexts({ ...preview, serviceName: { ...water, kk: "" } }, "kk").service).toBe("Нет холодной воды в доме");
  });

  it("takes the appeal's language as the API writes it", () => {
    expect(langOf("KK", "ru")).toBe("kk");
    expect(langOf("en", "ru")).toBe("en");
    expect(langOf(null, "ru")).toBe("ru");
    expect(langOf("de", "kk")).toBe("kk");
  });

  it("on the receipt is the registered appeal's, its Kazakh address from the same building's preview", () => {
    const appeal = {
      serviceType: { names: water },
      organization: { names: osi },
      firstCall: false,
      dueAt: "2026-12-02T07:00:00Z",
      buildingId: "1",
      address: "ул. Кенесары, 40",
    };
    expect(registeredPreview(appeal, preview)).toEqual({
      serviceName: water,
      firstCall: false,
      organizationName: osi,
      dueAt: "2026-12-02T07:00:00Z",
      buildingId: "1",
      address: "ул. Кенесары, 40",
      addressKk: "Кенесары көшесі, 40",
    });
    expect(registeredPreview({ ...appeal, buildingId: "2" }, preview).addressKk).toBeNull();
    expect(registeredPreview({ ...appeal, organization: null }, null)).toMatchObject({ organizationName: null, addressKk: null });
  });
});
