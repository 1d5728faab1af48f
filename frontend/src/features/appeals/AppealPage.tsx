// One appeal: details, routing, timeline, attachments, and what the signed-in role may do next.
import { useEffect, useRef, useState } from "react";
import { useParams } from "react-router";

import { gql, gqlUpload } from "../../api/client";
import { invalid } from "../../api/errors";
import { hasRole, useStaffSession } from "../../api/session";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { OrgPick, type PickedOrg } from "../../components/picks";
import { StatusBadge } from "../../components/StatusBadge";
import { graphql } from "../../gql";
import { attachmentKey } from "../../i18n/codes";
import { fromZonedInput } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { OverdueBadge } from "./AppealTable";
import { LinkDocument, UploadDocument } from "./documents";

const AppealDocument = graphql(`
  query AppealPage($id: ID!) {
    appeal(id: $id) {
      id number status channel appealType description address district lat lon language
      registeredBy registeredAt dueAt overdue systemic linkedCount resolution reason forwardedTo publicNote
      rating ratingComment resolvedAt closedAt parentId
      attributes { code values }
      serviceType {
        names { kk ru en } requiresPhoto
        attributes { code description { kk ru en } values { key name { kk ru en } } }
      }
      organization { id names { kk ru en } }
      resident { id name phone }
      timeline { at actor actorName kind fromStatus toStatus comment }
      attachments { id kind fileName size url createdAt }
    }
  }
`);

const TakeDocument = graphql(`mutation Take($id: ID!) { takeAppeal(id: $id) { id } }`);
const ResolveDocument = graphql(`mutation Resolve($id: ID!, $comment: String!) { resolveAppeal(id: $id, comment: $comment) { id } }`);
const CloseDocument = graphql(`mutation Close($id: ID!, $rating: Int, $comment: String) { closeAppeal(id: $id, rating: $rating, comment: $comment) { id } }`);
const ReopenDocument = graphql(`mutation Reopen($id: ID!, $comment: String!) { reopenAppeal(id: $id, comment: $comment) { id } }`);
const RejectDocument = graphql(`mutation Reject($id: ID!, $comment: String!) { rejectAppeal(id: $id, comment: $comment) { id } }`);
const AssignDocument = graphql(`mutation Assign($id: ID!, $org: ID!, $comment: String) { assignAppeal(id: $id, organizationId: $org, comment: $comment) { id } }`);
const ForwardDocument = graphql(`mutation Forward($id: ID!, $to: String!, $comment: String) { forwardAppeal(id: $id, forwardedTo: $to, comment: $comment) { id } }`);
const ExtendDocument = graphql(`mutation Extend($id: ID!, $until: DateTime!, $reason: String!) { extendAppealDeadline(id: $id, until: $until, reason: $reason) { id } }`);
const MergeDocument = graphql(`mutation Merge($id: ID!, $parent: ID!, $comment: String) { mergeAppeal(id: $id, parentId: $parent, comment: $comment) { id } }`);
const ByNumberDocument = graphql(`query AppealId($number: String!) { appealByNumber(number: $number) { id } }`);
const CommentDocument = graphql(`mutation Comment($id: ID!, $comment: String!) { commentAppeal(id: $id, comment: $comment) }`);
const PublicNoteDocument = graphql(`mutation PublicNote($id: ID!, $note: String) { setPublicNote(id: $id, note: $note) { id publicNote } }`);

/** The timeline entries after which a photo of the result must be new (as the API counts). */
const PHOTO_FROM = ["registered", "assign", "take", "reopen"];

/** The fields the page's controls stand for, as the API names them. */
const FIELDS = ["comment", "photo", "file", "appealId", "until", "parentId", "organizationId", "note", "rating", "status"];

type Appeal = NonNullable<Awaited<ReturnType<typeof loadAppeal>>>["appeal"];

function loadAppeal(slug: string, id: string) {
  return gql(slug, AppealDocument, { id });
}

/** Whether a photo proving the result was added since the appeal was last taken or reopened. */
export function hasResultPhoto(appeal: Pick<Appeal, "timeline" | "attachments">): boolean {
  const since = [...appeal.timeline].reverse().find((e) => PHOTO_FROM.includes(e.kind))?.at;
  const from = since ? new Date(since).getTime() : 0;
  return appeal.attachments.some((f) => f.kind === "photo" && new Date(f.createdAt).getTime() >= from);
}

export function AppealPage() {
  const { id = "" } = useParams();
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, pick, label, dateTime, number, fileSize, actor, event, district } = useI18n();
  const { data, error, reload } = useLoad(() => loadAppeal(tenant.slug, id), [id]);
  const [comment, setComment] = useState("");
  const [note, setNote] = useState<string | null>(null);
  const [rating, setRating] = useState("");
  const [org, setOrg] = useState<PickedOrg | null>(null);
  const [forwardTo, setForwardTo] = useState("");
  const [until, setUntil] = useState("");
  const [parent, setParent] = useState("");
  const [done, setDone] = useState(false);
  // The focus goes to the step's result (the status the appeal is in now) once it is shown: the
  // button pressed is often gone by then (Take, Resolve, Close).
  const result = useRef<HTMLParagraphElement>(null);
  const [focusResult, setFocusResult] = useState(0);
  useEffect(() => {
    if (focusResult) result.current?.focus();
  }, [focusResult]);
  // `keepComment`: the step did not use the comment (a file, a link), so what was typed stays;
  // `keepFocus`: the control stays where it was (a file chosen), and so does the focus.
  const act = useAction(async (what: () => Promise<unknown>, options: { keepComment?: boolean; keepFocus?: boolean } = {}) => {
    setDone(false);
    await what();
    if (!options.keepComment) setComment("");
    await reload();
    setDone(true);
    if (!options.keepFocus) setFocusResult((n) => n + 1);
  });
  const errors = useFormErrors(act.error, FIELDS);
  const a = data?.appeal;
  if (error && !a) return <ErrorText error={error} />;
  if (!a) return <p>{t("common.loading")}</p>;

  const slug = tenant.slug;
  const needComment = (run: (c: string) => Promise<unknown>) => () =>
    comment.trim() ? act.run(() => run(comment.trim())) : act.setError(invalid("comment"));
  const intake = hasRole(current, "OPERATOR", "SUPERVISOR");
  const executor = hasRole(current, "EXECUTOR");
  const admin = hasRole(current, "CITY_ADMIN");
  const status = a.status ?? "";
  // The result needs a photo before it is resolved: marked from the start, checked here too.
  const photoNeeded = executor && status === "IN_PROGRESS" && a.serviceType.requiresPhoto;
  const photoMissing = photoNeeded && !hasResultPhoto(a);
  const resolve = () => {
    if (!comment.trim()) return act.setError(invalid("comment"));
    if (photoMissing) return act.setError(invalid("photo"));
    return act.run(() => gql(slug, ResolveDocument, { id: a.id, comment: comment.trim() }));
  };
  const open = ["REGISTERED", "ASSIGNED", "REOPENED"].includes(status);
  const canClose = intake && status === "RESOLVED";
  const canExtend = (intake || executor) && !["CLOSED", "REJECTED", "MERGED", "FORWARDED", "RESOLVED"].includes(status);
  // Only the roles with a step that takes the comment see its box.
  const canComment = intake || executor;
  const canNote = intake || executor || admin;
  const questions = new Map(a.serviceType.attributes.map((q) => [q.code, q]));
  // Link and merge name the parent by its number, as the caller or the receipt gives it.
  const withParent = (run: (parentId: string) => Promise<unknown>) =>
    act.run(async () => {
      const found = await gql(slug, ByNumberDocument, { number: parent.trim() });
      await run(found.appealByNumber.id);
      setParent("");
    });
  const upload = async (file: File) =>
    act.run(() => gqlUpload(slug, UploadDocument, { appealId: a.id, file: null as unknown as File }, "file", file), {
      keepComment: true,
      keepFocus: true,
    });

  return (
    <section className="appeal" data-testid="appeal">
      <header className="row">
        <h1>{t("appeal.title", { number: a.number })}</h1>
        <StatusBadge status={a.status} />
        {a.overdue && <OverdueBadge dueAt={a.dueAt} />}
        {a.systemic && <span className="badge warn">{t("queue.systemic")}</span>}
      </header>
      <div className="grid2">
        <dl className="card details">
          <dt>{t("queue.service")}</dt>
          <dd>{pick(a.serviceType.names)}</dd>
          <dt>{t("intake.description")}</dt>
          <dd className="pre">{a.description}</dd>
          <dt>{t("common.address")}</dt>
          <dd>{a.address ?? "—"}</dd>
          {a.district && (
            <>
              <dt>{t("common.district")}</dt>
              <dd>{district(a.district)}</dd>
            </>
          )}
          {a.resident && (
            <>
              <dt>{t("appeal.contact")}</dt>
              <dd data-testid="resident">
                {a.resident.name ?? t("callbacks.noName")} <a href={`tel:${a.resident.phone}`}>{a.resident.phone}</a>
              </dd>
            </>
          )}
          <dt>{t("appeal.organization")}</dt>
          <dd data-testid="organization">{a.organization ? pick(a.organization.names) : "—"}</dd>
          <dt>{t("appeal.channel")}</dt>
          <dd>{label("channel", a.channel)}</dd>
          <dt>{t("queue.registered")}</dt>
          <dd>{dateTime(a.registeredAt)}</dd>
          <dt>{t("appeal.deadline")}</dt>
          <dd data-testid="due">{dateTime(a.dueAt)}</dd>
          {a.parentId && (
            <>
              <dt>{t("appeal.parent")}</dt>
              <dd data-testid="parent">
                <a href={`/t/${slug}/staff/appeals/${a.parentId}`}>#{a.parentId}</a>
              </dd>
            </>
          )}
          {a.forwardedTo && (
            <>
              <dt>{t("appeal.forwardTo")}</dt>
              <dd>{a.forwardedTo}</dd>
            </>
          )}
          {a.resolution && (
            <>
              <dt>{t("appeal.resolution")}</dt>
              <dd className="pre">{a.resolution}</dd>
            </>
          )}
          {a.publicNote && (
            <>
              <dt>{t("appeal.publicNote")}</dt>
              <dd className="pre" data-testid="public-note">{a.publicNote}</dd>
            </>
          )}
          {a.rating !== null && a.rating !== undefined && (
            <>
              <dt>{t("appeal.rating")}</dt>
              <dd data-testid="rating">
                {"★".repeat(a.rating)} {a.ratingComment}
              </dd>
            </>
          )}
          {a.attributes.map((x) => {
            // The service type's question and its choices by name; a question since removed
            // keeps its answer under a plain heading.
            const question = questions.get(x.code);
            const choices = new Map((question?.values ?? []).map((v) => [v.key, pick(v.name)]));
            return (
              <div key={x.code} className="contents" data-testid="attribute">
                <dt>{question ? pick(question.description) : t("appeal.answer")}</dt>
                <dd>{x.values.map((v) => choices.get(v) ?? v).join(", ")}</dd>
              </div>
            );
          })}
          {(a.linkedCount ?? 0) > 0 && (
            <>
              <dt>{t("appeal.linked")}</dt>
              <dd>{number(a.linkedCount)}</dd>
            </>
          )}
        </dl>
        {(canComment || canNote) && (
          <div className="card actions">
            <h2>{t("appeal.actions")}</h2>
            <p ref={result} tabIndex={-1} role="status" className="ok action-result" data-testid="action-result">
              {done && !act.error ? t("appeal.doneStatus", { status: label("status", a.status) }) : null}
            </p>
            {canComment && (
              <label>
                {t("common.comment")}
                <textarea
                  name="comment"
                  rows={3}
                  maxLength={10000}
                  value={comment}
                  onChange={(e) => setComment(e.target.value)}
                  {...errors.field("comment")}
                />
                {errors.message("comment")}
              </label>
            )}
            <div className="buttons">
              {executor && ["ASSIGNED", "REOPENED"].includes(status) && (
                <button type="button" onClick={() => act.run(() => gql(slug, TakeDocument, { id: a.id }))}>
                  {t("appeal.take")}
                </button>
              )}
              {executor && status === "IN_PROGRESS" && (
                <button type="button" onClick={resolve}>
                  {t("appeal.resolve")}
                </button>
              )}
              {canClose && (
                <>
                  <label>
                    {t("appeal.callRating")}
                    <select value={rating} onChange={(e) => setRating(e.target.value)} aria-label={t("appeal.callRating")} {...errors.field("rating")}>
                      <option value="">—</option>
                      {[5, 4, 3, 2, 1].map((n) => (
                        <option key={n} value={n}>
                          {"★".repeat(n)}
                        </option>
                      ))}
                    </select>
                    {errors.message("rating")}
                  </label>
                  <button
                    type="button"
                    onClick={() =>
                      act.run(() =>
                        gql(slug, CloseDocument, { id: a.id, rating: rating ? Number(rating) : null, comment: comment.trim() || null }),
                      )
                    }
                  >
                    {t("appeal.close")}
                  </button>
                  <button type="button" onClick={needComment((c) => gql(slug, ReopenDocument, { id: a.id, comment: c }))}>
                    {t("appeal.reopen")}
                  </button>
                </>
              )}
              {intake && open && (
                <button type="button" className="secondary" onClick={needComment((c) => gql(slug, RejectDocument, { id: a.id, comment: c }))}>
                  {t("appeal.reject")}
                </button>
              )}
              {canComment && (
                <button type="button" className="secondary" onClick={needComment((c) => gql(slug, CommentDocument, { id: a.id, comment: c }))}>
                  {t("appeal.comment")}
                </button>
              )}
            </div>
            {photoNeeded && (
              <p className={photoMissing ? "note" : "ok"} data-testid="photo-rule">
                {photoMissing ? t("appeal.photoRequired") : t("appeal.photoAdded")}
              </p>
            )}
            {errors.message("status")}
            {canNote && (
              <div className="public-note">
                <label>
                  {t("appeal.publicNote")}
                  <textarea
                    name="publicNote"
                    rows={2}
                    maxLength={1000}
                    value={note ?? a.publicNote ?? ""}
                    onChange={(e) => setNote(e.target.value)}
                    {...errors.field("note", "public-note-hint")}
                  />
                  {errors.message("note")}
                </label>
                <small id="public-note-hint" className="muted hint">
                  {t("appeal.publicNoteHint")}
                </small>
                <button
                  type="button"
                  className="secondary"
                  onClick={() =>
                    act.run(async () => {
                      await gql(slug, PublicNoteDocument, { id: a.id, note: (note ?? a.publicNote ?? "").trim() || null });
                      setNote(null);
                    }, { keepComment: true })
                  }
                >
                  {t("appeal.publishNote")}
                </button>
              </div>
            )}
            {intake && open && (
              <div className="row">
                <OrgPick label={t("appeal.assign")} picked={org} onPick={setOrg} />
                <button
                  type="button"
                  disabled={!org}
                  onClick={() => org && act.run(() => gql(slug, AssignDocument, { id: a.id, org: org.id, comment: comment.trim() || null }))}
                >
                  {t("appeal.assign")}
                </button>
                {errors.message("organizationId")}
              </div>
            )}
            {intake && open && (
              <div className="row">
                <label>
                  {t("appeal.forwardTo")}
                  <input name="forwardTo" value={forwardTo} onChange={(e) => setForwardTo(e.target.value)} />
                </label>
                <button
                  type="button"
                  disabled={!forwardTo.trim()}
                  onClick={() => act.run(() => gql(slug, ForwardDocument, { id: a.id, to: forwardTo.trim(), comment: comment.trim() || null }))}
                >
                  {t("appeal.forward")}
                </button>
              </div>
            )}
            {canExtend && (
              <>
                <div className="row">
                  <label>
                    {t("appeal.extendUntil")}
                    <input name="until" type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} {...errors.field("until")} />
                    {errors.message("until")}
                  </label>
                  <button
                    type="button"
                    disabled={!until}
                    onClick={needComment((c) => gql(slug, ExtendDocument, { id: a.id, until: fromZonedInput(until, tenant.timeZone), reason: c }))}
                  >
                    {t("appeal.extend")}
                  </button>
                </div>
                {intake && (
                  <div className="row">
                    <label>
                      {t("appeal.parentNumber")}
                      <input name="parent" value={parent} onChange={(e) => setParent(e.target.value)} {...errors.field("parentId")} />
                      {errors.message("parentId")}
                    </label>
                    <button type="button" disabled={!parent.trim()} onClick={() => withParent((p) => gql(slug, LinkDocument, { id: a.id, parent: p }))}>
                      {t("appeal.link")}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={!parent.trim()}
                      title={t("appeal.mergeHint")}
                      onClick={() => withParent((p) => gql(slug, MergeDocument, { id: a.id, parent: p, comment: comment.trim() || null }))}
                    >
                      {t("appeal.merge")}
                    </button>
                  </div>
                )}
              </>
            )}
            <ErrorText error={errors.rest} />
          </div>
        )}
      </div>
      <div className="grid2">
        <div className="card">
          <h2>{t("appeal.timeline")}</h2>
          <ol className="timeline" data-testid="timeline">
            {a.timeline.map((e, i) => (
              <li key={i}>
                <time>{dateTime(e.at)}</time> <b>{event(e.kind)}</b>
                {e.toStatus && <> → {label("status", e.toStatus)}</>} <small>{e.actorName ?? actor(e.actor)}</small>
                {e.comment && <div className="pre">{e.comment}</div>}
              </li>
            ))}
          </ol>
        </div>
        <div className="card">
          <h2>{t("appeal.attachments")}</h2>
          {a.attachments.length === 0 && <p className="muted">{t("appeal.noAttachments")}</p>}
          <ul data-testid="attachments">
            {a.attachments.map((f) => (
              <li key={f.id}>
                <a href={f.url} target="_blank" rel="noreferrer">
                  {f.fileName}
                </a>{" "}
                <small>
                  {t(attachmentKey(f.kind))} · {fileSize(f.size)} · {dateTime(f.createdAt)}
                </small>
              </li>
            ))}
          </ul>
          {(intake || executor) && (
            <label className={photoMissing ? "required" : undefined}>
              {photoNeeded ? t("appeal.uploadResult") : t("appeal.upload")}
              <input
                type="file"
                name="file"
                accept="image/*,video/*,application/pdf"
                aria-required={photoMissing || undefined}
                {...errors.field(errors.invalid("photo") ? "photo" : "file")}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) upload(file);
                  e.target.value = "";
                }}
              />
              {errors.message("photo")}
              {errors.message("file")}
              {errors.message("appealId")}
            </label>
          )}
        </div>
      </div>
    </section>
  );
}
