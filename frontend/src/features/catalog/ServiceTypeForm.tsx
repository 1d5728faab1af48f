// Adds a service type or edits one: its names, routing, deadline, the answer read out on the
// first call, and whether the result needs a photo.
import { useEffect, useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { ORG_KINDS } from "../../api/enums";
import { CategorySelect } from "../../components/CategorySelect";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { FormButtons } from "../../components/FormButtons";
import { useAction } from "../../components/hooks";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { graphql } from "../../gql";
import type { AppealType } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const ServiceTypeDocument = graphql(`
  query ServiceTypeForEdit($id: ID!) {
    serviceType(id: $id) {
      id code categoryId appealType responsible defaultOrgId deadlineValue deadlineUnit requiresPhoto
      names { kk ru en }
      keywords { kk ru en }
      answerKk: firstCallAnswer(lang: KK)
      answerRu: firstCallAnswer(lang: RU)
      answerEn: firstCallAnswer(lang: EN)
    }
  }
`);

const OrganizationDocument = graphql(`
  query DefaultOrganization($id: ID!) {
    organization(id: $id) { id kind names { kk ru en } }
  }
`);

const SaveDocument = graphql(`
  mutation SaveServiceType($id: ID, $input: ServiceTypeInput!) {
    saveServiceType(id: $id, input: $input) { id code }
  }
`);

const APPEAL_TYPES: AppealType[] = ["COMPLAINT", "INCIDENT", "PROBLEM", "SERVICE_REQUEST", "INFORMATION_REQUEST"];
const RESPONSIBLE = ["housing", ...ORG_KINDS.map((k) => k.toLowerCase())];
const EMPTY = {
  code: "",
  categoryId: "",
  kk: "",
  ru: "",
  en: "",
  appealType: "COMPLAINT" as AppealType,
  responsible: "housing",
  deadline: "15wd",
  answerKk: "",
  answerRu: "",
  answerEn: "",
  keywordsKk: "",
  keywordsRu: "",
  keywordsEn: "",
  requiresPhoto: false,
};

/** `editing`: the id of the service type to edit; null adds a new one. */
export function ServiceTypeForm({ editing, onDone }: { editing: string | null; onDone: (code: string | null) => void }) {
  const tenant = useTenant();
  const { t, label } = useI18n();
  const [form, setForm] = useState(EMPTY);
  const [org, setOrg] = useState<PickedOrg | null>(null);
  useEffect(() => {
    setOrg(null);
    if (!editing) {
      setForm(EMPTY);
      return;
    }
    let live = true;
    (async () => {
      const { serviceType: s } = await gql(tenant.slug, ServiceTypeDocument, { id: editing });
      if (!live) return;
      setForm({
        code: s.code,
        categoryId: s.categoryId,
        ...s.names,
        appealType: s.appealType ?? "COMPLAINT",
        responsible: s.responsible,
        deadline: `${s.deadlineValue}${s.deadlineUnit === "HOURS" ? "h" : "wd"}`,
        answerKk: s.answerKk ?? "",
        answerRu: s.answerRu ?? "",
        answerEn: s.answerEn ?? "",
        keywordsKk: s.keywords.kk,
        keywordsRu: s.keywords.ru,
        keywordsEn: s.keywords.en,
        requiresPhoto: s.requiresPhoto,
      });
      if (s.defaultOrgId) {
        const found = await gql(tenant.slug, OrganizationDocument, { id: s.defaultOrgId });
        if (live) setOrg(found.organization);
      }
    })().catch((e) => save.setError(e));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing, tenant.slug]);
  const save = useAction(async () => {
    const answers = [form.answerKk, form.answerRu, form.answerEn].map((a) => a.trim());
    const data = await gql(tenant.slug, SaveDocument, {
      id: editing,
      input: {
        code: form.code.trim(),
        categoryId: form.categoryId,
        name: { kk: form.kk.trim(), ru: form.ru.trim(), en: form.en.trim() },
        appealType: form.appealType,
        responsible: form.responsible,
        defaultOrgId: org?.id ?? null,
        deadline: form.deadline.trim(),
        firstCallAnswer: answers.some(Boolean) ? { kk: answers[0], ru: answers[1], en: answers[2] } : null,
        requiresPhoto: form.requiresPhoto,
        keywords: { kk: form.keywordsKk.trim(), ru: form.keywordsRu.trim(), en: form.keywordsEn.trim() },
      },
    });
    setForm(EMPTY);
    setOrg(null);
    onDone(data.saveServiceType.code);
  });
  const errors = useFormErrors(save.error, ["code", "name.kk", "name.ru", "name.en", "deadline", "categoryId", "responsible", "defaultOrgId"]);
  const set = (key: keyof typeof EMPTY) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value });
  const text = (key: "code" | "kk" | "ru" | "en" | "deadline", caption: string) => {
    const api = key === "kk" || key === "ru" || key === "en" ? `name.${key}` : key;
    return (
      <label className="required">
        {caption}
        <input name={key} required value={form[key]} onChange={set(key)} {...errors.field(api)} />
        {errors.message(api)}
      </label>
    );
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.run();
  };
  return (
    <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="service-form">
      <h2>{editing ? t("catalog.edit", { code: form.code }) : t("catalog.add")}</h2>
      {text("code", t("common.code"))}
      <CategorySelect
        label={t("catalog.category")}
        name="categoryId"
        required
        value={form.categoryId}
        onChange={(categoryId) => setForm({ ...form, categoryId })}
        none=""
      />
      {text("kk", t("common.nameKk"))}
      {text("ru", t("common.nameRu"))}
      {text("en", t("common.nameEn"))}
      <label>
        {t("common.kind")}
        <select name="appealType" value={form.appealType} onChange={set("appealType")}>
          {APPEAL_TYPES.map((a) => (
            <option key={a} value={a}>
              {label("appealType", a)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("catalog.responsible")}
        <select name="responsible" value={form.responsible} onChange={set("responsible")} {...errors.field("responsible")}>
          {RESPONSIBLE.map((r) => (
            <option key={r} value={r}>
              {r === "housing" ? t("catalog.housing") : label("orgKind", r.toUpperCase())}
            </option>
          ))}
        </select>
        {errors.message("responsible")}
      </label>
      {errors.message("categoryId")}
      <OrgPick
        label={t("catalog.defaultOrg")}
        testId="service-org"
        picked={org}
        onPick={setOrg}
        aria={errors.field("defaultOrgId")}
        message={errors.message("defaultOrgId")}
      />
      {text("deadline", t("catalog.deadline"))}
      {(["answerKk", "answerRu", "answerEn"] as const).map((k) => (
        <label key={k}>
          {t(`catalog.${k}`)}
          <textarea name={k} rows={2} value={form[k]} onChange={set(k)} />
        </label>
      ))}
      <p className="muted" id="keywords-hint">
        {t("catalog.keywordsHint")}
      </p>
      {(["keywordsKk", "keywordsRu", "keywordsEn"] as const).map((k) => (
        <label key={k}>
          {t(`catalog.${k}`)}
          <input name={k} value={form[k]} onChange={set(k)} aria-describedby="keywords-hint" />
        </label>
      ))}
      <label className="check">
        <input type="checkbox" name="requiresPhoto" checked={form.requiresPhoto} onChange={(e) => setForm({ ...form, requiresPhoto: e.target.checked })} />
        {t("catalog.requiresPhoto")}
      </label>
      <ErrorText error={errors.rest} />
      <FormButtons editing={editing !== null} pending={save.pending} onCancel={() => onDone(null)} />
    </form>
  );
}
