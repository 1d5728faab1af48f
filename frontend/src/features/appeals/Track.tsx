// Tracking by number and the phone's last four digits; a verified resident also sees their own
// appeals and rates the handled ones.
import { useEffect, useRef, useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { errorInfo } from "../../api/errors";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { StatusBadge } from "../../components/StatusBadge";
import { Verified } from "../../components/Verify";
import { graphql } from "../../gql";
import type { TrackQuery } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const TrackDocument = graphql(`
  query Track($number: String!, $last4: String!) {
    trackAppeal(number: $number, phoneLast4: $last4) {
      number status registeredAt dueAt resolvedAt closedAt
      publicNote
      events { at kind status }
    }
  }
`);

const MyAppealsDocument = graphql(`
  query MyAppeals {
    appeals(page: { first: 50 }, sort: NEWEST) {
      nodes { id number status registeredAt resolution rating description serviceType { names { kk ru en } } }
    }
  }
`);

const RateDocument = graphql(`
  mutation RateOwn($number: String!, $score: Int!, $comment: String) {
    rateAppeal(number: $number, score: $score, comment: $comment)
  }
`);

function MyAppeals({ token }: { token: string }) {
  const tenant = useTenant();
  const { t, pick, dateTime } = useI18n();
  const list = useLoad(() => gql(tenant.slug, MyAppealsDocument, {}, { token }), [token]);
  const [scores, setScores] = useState<Record<string, string>>({});
  // The appeal just rated: its rating takes the place of the button, and the focus.
  const [rated, setRated] = useState<string | null>(null);
  const ratedRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (rated) ratedRef.current?.focus();
  }, [rated]);
  const rate = useAction(async (number: string) => {
    await gql(tenant.slug, RateDocument, { number, score: Number(scores[number] ?? 5), comment: null }, { token });
    await list.reload();
    setRated(number);
  });
  return (
    <div className="card">
      <h2>{t("portal.myTitle")}</h2>
      <ErrorText error={list.error ?? rate.error} />
      {list.data?.appeals.nodes.length === 0 && <p className="muted">{t("common.empty")}</p>}
      <ul className="my-appeals" data-testid="my-appeals">
        {list.data?.appeals.nodes.map((a) => (
          <li key={a.id} data-number={a.number}>
            <b>{a.number}</b> <StatusBadge status={a.status} /> {pick(a.serviceType.names)} · {dateTime(a.registeredAt)}
            {a.resolution && <div className="pre">{a.resolution}</div>}
            {a.rating ? (
              <div {...(a.number === rated ? { ref: ratedRef, tabIndex: -1, role: "status" } : {})}>
                {t("portal.yourRating", { score: "★".repeat(a.rating) })}
              </div>
            ) : (
              (a.status === "RESOLVED" || a.status === "CLOSED") && (
                <div className="row">
                  <select
                    aria-label={t("portal.rate")}
                    value={scores[a.number] ?? "5"}
                    onChange={(e) => setScores({ ...scores, [a.number]: e.target.value })}
                  >
                    {[5, 4, 3, 2, 1].map((n) => (
                      <option key={n} value={n}>
                        {"★".repeat(n)}
                      </option>
                    ))}
                  </select>
                  <button type="button" onClick={() => rate.run(a.number)}>
                    {t("portal.rate")}
                  </button>
                </div>
              )
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TrackPage() {
  const tenant = useTenant();
  const { t, label, dateTime, event } = useI18n();
  const [number, setNumber] = useState("");
  const [last4, setLast4] = useState("");
  const [found, setFound] = useState<TrackQuery["trackAppeal"] | null>(null);
  const find = useAction(async () => {
    setFound(null);
    const data = await gql(tenant.slug, TrackDocument, { number: number.trim(), last4: last4.trim() }, { anonymous: true });
    setFound(data.trackAppeal);
  });
  const errors = useFormErrors(find.error, ["phoneLast4"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    find.run();
  };
  return (
    <section>
      <h1>{t("portal.trackTitle")}</h1>
      <div className="grid2">
        <div>
          <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit}>
            <label>
              {t("portal.number")}
              <input name="number" required placeholder={`${tenant.appealPrefix}-2026-000001`} value={number} onChange={(e) => setNumber(e.target.value)} />
            </label>
            <label>
              {t("portal.last4")}
              <input
                name="last4"
                required
                inputMode="numeric"
                maxLength={4}
                value={last4}
                onChange={(e) => setLast4(e.target.value.replace(/\D/g, ""))}
                {...errors.field("phoneLast4")}
              />
              {errors.message("phoneLast4")}
            </label>
            {errors.rest && errorInfo(errors.rest).code === "NOT_FOUND" ? (
              <p className="error" role="alert" data-code="NOT_FOUND">
                {t("portal.trackNotFound")}
              </p>
            ) : (
              <ErrorText error={errors.rest} />
            )}
            <button type="submit" disabled={find.pending}>
              {t("portal.find")}
            </button>
          </form>
          {found && (
            <div className="card" data-testid="tracked">
              <h2>
                {found.number} <StatusBadge status={found.status} />
              </h2>
              <p>
                {t("queue.registered")}: {dateTime(found.registeredAt)} · {t("queue.due")}: {dateTime(found.dueAt)}
              </p>
              {found.publicNote && (
                <p className="pre" data-testid="tracked-note">
                  <b>{t("portal.centerNote")}:</b> {found.publicNote}
                </p>
              )}
              <ol className="timeline">
                {found.events.map((e, i) => (
                  <li key={i}>
                    <time>{dateTime(e.at)}</time> {e.status ? label("status", e.status) : event(e.kind)}
                  </li>
                ))}
              </ol>
            </div>
          )}
        </div>
        <Verified>{(resident) => <MyAppeals token={resident.token} />}</Verified>
      </div>
    </section>
  );
}
