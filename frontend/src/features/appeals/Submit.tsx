// A verified resident files an appeal: the service, what happened, a point on the map, a photo.
import { useMemo, useState, type FormEvent } from "react";

import { gql, gqlUpload } from "../../api/client";
import { invalid } from "../../api/errors";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { ServicePick, type PickedService } from "../../components/picks";
import { Verified } from "../../components/Verify";
import { graphql } from "../../gql";
import type { Language } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { UploadDocument } from "./documents";

const SubmitDocument = graphql(`
  mutation SubmitAppeal($input: SubmitAppealInput!) {
    submitAppeal(input: $input) { receipt appeal { id number status } }
  }
`);

function SubmitForm({ token }: { token: string }) {
  const tenant = useTenant();
  const { t, lang, number } = useI18n();
  const [service, setService] = useState<PickedService | null>(null);
  const [description, setDescription] = useState("");
  const [address, setAddress] = useState("");
  const [point, setPoint] = useState<{ lat: number; lon: number } | null>(null);
  const [photo, setPhoto] = useState<File | null>(null);
  const [key] = useState(() => crypto.randomUUID());
  const [accepted, setAccepted] = useState<{ number: string; receipt: string } | null>(null);
  // An information request needs no place; anything else does.
  const placeNeeded = service?.appealType !== "INFORMATION_REQUEST";
  const send = useAction(async () => {
    if (!service) throw invalid("serviceTypeId");
    if (!description.trim()) throw invalid("description");
    if (placeNeeded && !address.trim() && !point) throw invalid("location");
    const data = await gql(
      tenant.slug,
      SubmitDocument,
      {
        input: {
          serviceTypeId: service.id,
          description,
          address: address.trim() || null,
          lat: point?.lat ?? null,
          lon: point?.lon ?? null,
          language: lang.toUpperCase() as Language,
          idempotencyKey: key,
        },
      },
      { token },
    );
    if (photo) {
      await gqlUpload(tenant.slug, UploadDocument, { appealId: data.submitAppeal.appeal.id, file: null as unknown as File }, "file", photo, { token });
    }
    setAccepted({ number: data.submitAppeal.appeal.number, receipt: data.submitAppeal.receipt });
  });
  const layers = useMemo(() => [], []);
  const errors = useFormErrors(send.error, ["serviceTypeId", "description", "location", "lat", "address", "file", "appealId"]);
  if (accepted) {
    return (
      <div className="card receipt" data-testid="accepted">
        <h2>{t("portal.accepted", { number: accepted.number })}</h2>
        <p>{accepted.receipt}</p>
      </div>
    );
  }
  // Enter in a one-line field sends only a form with all it needs.
  const complete = !!service && !!description.trim() && (!placeNeeded || !!address.trim() || !!point);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.run();
  };
  return (
    <form onKeyDown={enterSubmitsComplete(complete)} className="grid2" onSubmit={submit} data-testid="submit-form" noValidate>
      <div className="card form-grid">
        <ServicePick
          anonymous
          required
          picked={service}
          onPick={setService}
          aria={errors.field("serviceTypeId")}
          message={errors.message("serviceTypeId")}
        />
        <label className="required">
          {t("portal.description")}
          <textarea
            name="description"
            rows={5}
            required
            maxLength={10000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            {...errors.field("description")}
          />
          {errors.message("description")}
        </label>
        <label className={placeNeeded ? "required" : undefined}>
          {t("common.address")}
          <input
            name="address"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            aria-required={placeNeeded || undefined}
            {...errors.field(errors.invalid("location") ? "location" : "address", "place-hint")}
          />
          {errors.message("location")}
          {errors.message("address")}
        </label>
        <small id="place-hint" className="muted">
          {placeNeeded ? t("portal.placeHint") : t("portal.placeOptional")}
        </small>
        <label>
          {t("portal.photo")}
          <input type="file" name="photo" accept="image/*" onChange={(e) => setPhoto(e.target.files?.[0] ?? null)} {...errors.field("file")} />
          {errors.message("file")}
          {errors.message("appealId")}
        </label>
      </div>
      <div>
        <p className="muted">{point ? t("portal.pointSet", { lat: number(point.lat, 5), lon: number(point.lon, 5) }) : t("portal.point")}</p>
        {errors.message("lat")}
        <MapView label={t("portal.point")} layers={layers} point={point} onPick={setPoint} height={380} />
      </div>
      {/* After the place on the map: on a phone the map comes before the button, as it is read. */}
      <div className="form-end">
        <ErrorText error={errors.rest} />
        <button type="submit" disabled={send.pending}>
          {t("portal.send")}
        </button>
      </div>
    </form>
  );
}

export function SubmitPage() {
  const { t } = useI18n();
  return (
    <section>
      <h1>{t("portal.submitTitle")}</h1>
      <Verified>{(resident) => <SubmitForm token={resident.token} />}</Verified>
    </section>
  );
}
