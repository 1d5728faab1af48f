// The operator's intake form, built for the keyboard: Alt+1 phone, Alt+2 service, Alt+3 building,
// Ctrl+Enter registers. A call put through by the phone system fills the phone in (screen pop).
import { useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";

import { gql } from "../../api/client";
import { invalid } from "../../api/errors";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { BuildingPick, ServicePick, type PickedBuilding, type PickedService } from "../../components/picks";
import { StatusBadge } from "../../components/StatusBadge";
import { graphql } from "../../gql";
import type { Language, RegisterAppealMutation } from "../../gql/graphql";
import type { Lang } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { LinkDocument } from "./documents";
import { langOf, previewTexts, registeredPreview, type Preview } from "./preview";

const IncomingCallDocument = graphql(`
  query IncomingCall {
    incomingCall { callId caller receivedAt }
  }
`);

const CallerDocument = graphql(`
  query Caller($phone: String!) {
    residentByPhone(phone: $phone) {
      id name phone language
      appeals(page: { first: 10 }) {
        nodes { id number status registeredAt description serviceType { names { kk ru en } } }
      }
    }
  }
`);

const RegisterDocument = graphql(`
  mutation RegisterAppeal($input: RegisterAppealInput!) {
    registerAppeal(input: $input) {
      replayed receipt trackingToken firstCallAnswer outageMessage acceptedBy
      appeal {
        id number status dueAt firstCall buildingId address language
        serviceType { names { kk ru en } }
        organization { id names { kk ru en } }
      }
      repeatCandidates { id number status address }
    }
  }
`);

const PreviewDocument = graphql(`
  query IntakePreview($choice: IntakeChoice!) {
    intakePreview(choice: $choice) {
      serviceTypeId firstCall organizationId routingReason dueAt buildingId address addressKk
      serviceName { kk ru en }
      organizationName { kk ru en }
    }
  }
`);

/**
 * Where the appeal goes, for the operator to read back to the caller: the service, who receives
 * it, the deadline and the address, named in the caller's language (`lang`); the labels are the
 * operator's.
 */
function PreviewPanel({ preview, lang, typedAddress, testId }: { preview: Preview; lang: Lang; typedAddress?: string; testId?: string }) {
  const { t, label, dateTime } = useI18n();
  const texts = previewTexts(preview, lang, typedAddress);
  return (
    <div className="preview" data-testid={testId}>
      <h2>{t("intake.previewTitle")}</h2>
      <p className="muted">{t("intake.previewLang", { lang: label("lang", lang) })}</p>
      <dl>
        <dt>{t("intake.service")}</dt>
        <dd lang={lang} data-testid="preview-service">
          {texts.service}
        </dd>
        <dt>{t("intake.receiver")}</dt>
        <dd data-testid="preview-organization" data-kind={texts.receiver.kind}>
          {texts.receiver.kind === "organization" ? (
            <span lang={lang}>{texts.receiver.name}</span>
          ) : texts.receiver.kind === "firstCall" ? (
            t("intake.answeredAtOnce")
          ) : (
            <>
              {t("intake.operatorAssigns")}
              {preview.routingReason && (
                <>
                  {" "}
                  <span className="badge warn" data-testid="preview-routing-reason">
                    {label("unrouted", preview.routingReason)}
                  </span>
                </>
              )}
            </>
          )}
        </dd>
        <dt>{t("appeal.deadline")}</dt>
        <dd data-testid="preview-due">{dateTime(texts.dueAt)}</dd>
        <dt>{t("common.address")}</dt>
        <dd data-testid="preview-address">{texts.address ? <span lang={lang}>{texts.address}</span> : t("intake.noPlace")}</dd>
      </dl>
    </div>
  );
}

const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

export function Intake() {
  const tenant = useTenant();
  const { t, pick, lang, label, dateTime } = useI18n();
  const phoneRef = useRef<HTMLInputElement>(null);
  const serviceRef = useRef<HTMLInputElement>(null);
  const buildingRef = useRef<HTMLInputElement>(null);
  const receiptRef = useRef<HTMLHeadingElement>(null);
  const [phone, setPhone] = useState("");
  const [lookedUp, setLookedUp] = useState("");
  const [name, setName] = useState("");
  const [service, setService] = useState<PickedService | null>(null);
  const [building, setBuilding] = useState<PickedBuilding | null>(null);
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [address, setAddress] = useState("");
  const [description, setDescription] = useState("");
  const [replyLang, setReplyLang] = useState<Lang>(lang);
  const [key, setKey] = useState(newKey);
  const [receipt, setReceipt] = useState<RegisterAppealMutation["registerAppeal"] | null>(null);
  // The open appeal nearby that the operator linked the new one to, from the receipt.
  const [linkedTo, setLinkedTo] = useState<string | null>(null);

  const incoming = useLoad(() => gql(tenant.slug, IncomingCallDocument), [tenant.slug], 3000);
  const caller = useLoad(
    async () => (lookedUp ? (await gql(tenant.slug, CallerDocument, { phone: lookedUp })).residentByPhone : null),
    [lookedUp],
  );
  useEffect(() => {
    const found = caller.data;
    if (found?.name && !name) setName(found.name);
    if (found?.language) setReplyLang(found.language.toLowerCase() as Lang);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [caller.data]);


  const reset = () => {
    setPhone("");
    setLookedUp("");
    setName("");
    setService(null);
    setBuilding(null);
    setPoint(null);
    setAddress("");
    setDescription("");
    setReceipt(null);
    setLinkedTo(null);
    setPreview(null);
    setKey(newKey());
    setTimeout(() => phoneRef.current?.focus(), 0);
  };

  // An information request needs no place; anything else does.
  const placeNeeded = service?.appealType !== "INFORMATION_REQUEST";

  // Where the appeal would go, asked again whenever the service or the place changes, for the
  // operator to read back while the caller is on the line.
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const placeKnown = !!building || !!point || !!address.trim();
  const previewWanted = !!service && (placeKnown || !placeNeeded);
  const serviceId = service?.id;
  const buildingId = building?.id;
  const lat = building ? null : (point?.lat ?? null);
  const lon = building ? null : (point?.lon ?? null);
  useEffect(() => {
    setPreview(null);
    setPreviewError(null);
    if (!previewWanted || !serviceId) return;
    let live = true;
    const timer = setTimeout(() => {
      gql(tenant.slug, PreviewDocument, { choice: { serviceTypeId: serviceId, buildingId: buildingId ?? null, lat, lon } })
        .then((data) => live && setPreview(data.intakePreview))
        .catch((e) => live && setPreviewError(e));
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [tenant.slug, previewWanted, serviceId, buildingId, lat, lon]);
  // Enter in a one-line field registers only a form with all it needs.
  const complete = !!service && !!description.trim() && (!placeNeeded || !!building || !!address.trim() || !!point);
  const register = useAction(async () => {
    if (!service) throw invalid("serviceTypeId");
    if (!description.trim()) throw invalid("description");
    if (placeNeeded && !building && !address.trim() && !point) throw invalid("location");
    const data = await gql(tenant.slug, RegisterDocument, {
      input: {
        channel: "PHONE",
        serviceTypeId: service.id,
        description,
        buildingId: building?.id ?? null,
        address: address.trim() || null,
        lat: point?.lat ?? null,
        lon: point?.lon ?? null,
        resident: phone.trim() ? { phone: phone.trim(), name: name.trim() || null, language: replyLang.toUpperCase() as Language } : null,
        language: replyLang.toUpperCase() as Language,
        idempotencyKey: key,
      },
    });
    setReceipt(data.registerAppeal);
  });

  const link = useAction(async (parent: string) => {
    if (!receipt) return;
    await gql(tenant.slug, LinkDocument, { id: receipt.appeal.id, parent });
    setLinkedTo(parent);
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey && e.key === "1") phoneRef.current?.focus();
      else if (e.altKey && e.key === "2") serviceRef.current?.focus();
      else if (e.altKey && e.key === "3") buildingRef.current?.focus();
      else if ((e.ctrlKey || e.metaKey) && e.key === "Enter" && !receipt) register.run();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [register, receipt]);

  // The receipt is the result of registering: the focus goes to it.
  useEffect(() => {
    if (receipt) receiptRef.current?.focus();
  }, [receipt]);

  const layers = useMemo(() => [], []);
  const call = incoming.data?.incomingCall;
  const errors = useFormErrors(register.error, [
    "resident.phone",
    "resident.name",
    "serviceTypeId",
    "description",
    "location",
    "lat",
    "address",
    "buildingId",
  ]);

  if (receipt) {
    return (
      <section className="card receipt" data-testid="receipt">
        <h1 ref={receiptRef} tabIndex={-1}>
          {t("intake.registered", { number: receipt.appeal.number })}
        </h1>
        <p className="receipt-text" lang={langOf(receipt.appeal.language, replyLang)} data-testid="receipt-text">
          {receipt.receipt}
        </p>
        <p>
          <StatusBadge status={receipt.appeal.status} /> · {t("queue.due")}: {dateTime(receipt.appeal.dueAt)}
        </p>
        <PreviewPanel
          testId="receipt-preview"
          preview={registeredPreview(receipt.appeal, preview)}
          lang={langOf(receipt.appeal.language, replyLang)}
        />
        {receipt.firstCallAnswer && (
          <div className="note">
            <h2>{t("intake.firstCall")}</h2>
            <p>{receipt.firstCallAnswer}</p>
          </div>
        )}
        {receipt.outageMessage && (
          <div className="note">
            <h2>{t("intake.outage")}</h2>
            <p>{receipt.outageMessage}</p>
          </div>
        )}
        {receipt.repeatCandidates.length > 0 && (
          <div className="note">
            <h2>{t("intake.repeats")}</h2>
            <ul>
              {receipt.repeatCandidates.map((r) => (
                <li key={r.id}>
                  <Link to={`/t/${tenant.slug}/staff/appeals/${r.id}`}>{r.number}</Link> {r.address}{" "}
                  {linkedTo === r.id ? (
                    <span className="ok">{t("intake.linked")}</span>
                  ) : (
                    <button type="button" className="link" disabled={!!linkedTo || link.pending} onClick={() => link.run(r.id)}>
                      {t("intake.linkRepeat")}
                    </button>
                  )}
                </li>
              ))}
            </ul>
            <ErrorText error={link.error} />
          </div>
        )}
        <p className="row">
          <Link to={`/t/${tenant.slug}/staff/appeals/${receipt.appeal.id}`}>{receipt.appeal.number}</Link>
          <button type="button" onClick={reset}>
            {t("intake.another")}
          </button>
        </p>
      </section>
    );
  }

  return (
    <section>
      <header className="row">
        <h1>{t("intake.title")}</h1>
        <small className="muted">{t("intake.shortcuts")}</small>
      </header>
      {call && call.caller !== lookedUp && (
        <div className="note incoming" role="status" data-testid="incoming-call">
          {t("intake.incoming", { phone: call.caller })}{" "}
          <button
            type="button"
            onClick={() => {
              setPhone(call.caller);
              setLookedUp(call.caller);
            }}
          >
            {t("intake.useCaller")}
          </button>
        </div>
      )}
      <form
        className="intake"
        onKeyDown={enterSubmitsComplete(complete)}
        onSubmit={(e) => {
          e.preventDefault();
          register.run();
        }}
      >
        <div className="col">
          <label>
            {t("intake.phone")}
            <input
              ref={phoneRef}
              name="phone"
              type="tel"
              autoFocus
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              onBlur={() => setLookedUp(phone.trim())}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  setLookedUp(phone.trim());
                  serviceRef.current?.focus();
                }
              }}
              {...errors.field("resident.phone")}
            />
            {errors.message("resident.phone")}
          </label>
          {lookedUp && caller.data === null && !caller.loading && <p className="muted">{t("intake.newCaller")}</p>}
          {caller.data && (
            <div className="history" data-testid="caller-history">
              <h2>{t("intake.history")}</h2>
              <ul>
                {caller.data.appeals.nodes.map((a) => (
                  <li key={a.id}>
                    <Link to={`/t/${tenant.slug}/staff/appeals/${a.id}`}>{a.number}</Link> <StatusBadge status={a.status} />{" "}
                    {pick(a.serviceType.names)} · {dateTime(a.registeredAt)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          <label>
            {t("intake.callerName")}
            <input name="name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} {...errors.field("resident.name")} />
            {errors.message("resident.name")}
          </label>
          <ServicePick
            ref={serviceRef}
            required
            picked={service}
            onPick={setService}
            aria={errors.field("serviceTypeId")}
            message={errors.message("serviceTypeId")}
          />
          <label className="required">
            {t("intake.description")}
            <textarea
              name="description"
              rows={4}
              maxLength={10000}
              aria-required
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              {...errors.field("description")}
            />
            {errors.message("description")}
          </label>
          <label>
            {t("intake.language")}
            <select value={replyLang} onChange={(e) => setReplyLang(e.target.value as Lang)}>
              {(["kk", "ru", "en"] as Lang[]).map((l) => (
                <option key={l} value={l}>
                  {label("lang", l)}
                </option>
              ))}
            </select>
          </label>
        </div>
        <div className="col">
          <p className={placeNeeded ? "required-note" : "muted"} id="intake-place-hint">
            {placeNeeded ? t("intake.placeRequired") : t("portal.placeOptional")}
          </p>
          <BuildingPick
            ref={buildingRef}
            picked={building}
            onPick={(b) => {
              setBuilding(b);
              setPoint(b ? { lat: b.lat, lon: b.lon } : null);
            }}
            aria={errors.field(errors.invalid("location") ? "location" : "buildingId", "intake-place-hint")}
            message={errors.message("buildingId")}
          />
          <label>
            {t("common.address")}
            <input name="address" value={address} onChange={(e) => setAddress(e.target.value)} {...errors.field("address", "intake-place-hint")} />
            {errors.message("address")}
          </label>
          {errors.message("location")}
          {errors.message("lat")}
          <p className="muted">{t("intake.mapHint")}</p>
          <MapView label={t("intake.mapHint")} layers={layers} point={point} onPick={(p) => setPoint(p)} height={300} />
        </div>
        {/* After both columns, in the order they are read and tabbed through. */}
        <div className="form-end">
          {/* Read back to the caller before it is final; announced as it changes. */}
          <div role="status" aria-live="polite" data-testid="intake-preview" className="preview-slot">
            {preview && <PreviewPanel preview={preview} lang={replyLang} typedAddress={address} />}
            {previewWanted && !preview && !previewError && <p className="muted">{t("intake.previewLoading")}</p>}
          </div>
          <ErrorText error={previewError} />
          <ErrorText error={errors.rest} />
          <button type="submit" disabled={register.pending}>
            {t("intake.register")}
          </button>
        </div>
      </form>
    </section>
  );
}
