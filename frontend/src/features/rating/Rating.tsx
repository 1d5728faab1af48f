// The public KSK/OSI rating with every component, and a verified resident's vote.
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { enterSubmitsComplete } from "../../components/enter";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { BuildingPick, type PickedBuilding } from "../../components/picks";
import { Table } from "../../components/Table";
import { Verified } from "../../components/Verify";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const RatingDocument = graphql(`
  query Rating {
    kskRating {
      quarter
      entries {
        rank organizationId kind score votes voteAverage appeals appealsPer100Apartments deadlineCompliance appealRating
        name { kk ru en }
      }
    }
  }
`);

const VoteDocument = graphql(`
  mutation VoteKsk($org: ID!, $building: ID!, $apartment: String!, $score: Int!, $comment: String) {
    voteKsk(organizationId: $org, buildingId: $building, apartment: $apartment, score: $score, comment: $comment) { id score }
  }
`);

function VoteForm({ token, onVoted }: { token: string; onVoted: () => void }) {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  const [building, setBuilding] = useState<PickedBuilding | null>(null);
  const [apartment, setApartment] = useState("");
  const [score, setScore] = useState("5");
  const [comment, setComment] = useState("");
  const [voted, setVoted] = useState(false);
  const org = building?.managingOrganization;
  const vote = useAction(async () => {
    if (!building || !org) return;
    await gql(
      tenant.slug,
      VoteDocument,
      { org: org.id, building: building.id, apartment: apartment.trim(), score: Number(score), comment: comment.trim() || null },
      { token },
    );
    setVoted(true);
    onVoted();
  });
  const errors = useFormErrors(vote.error, ["buildingId", "organizationId", "apartment", "score", "comment"]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setVoted(false);
    vote.run();
  };
  return (
    <form onKeyDown={enterSubmitsComplete()} className="card form-grid" onSubmit={submit} data-testid="vote-form">
      <h2>{t("portal.voteTitle")}</h2>
      <BuildingPick
        anonymous
        required
        testId="vote-building"
        label={t("portal.building")}
        picked={building}
        onPick={setBuilding}
        aria={errors.field(errors.invalid("organizationId") ? "organizationId" : "buildingId")}
        message={errors.message("buildingId") ?? errors.message("organizationId")}
      />
      {building && <p className="muted">{org ? t("portal.managedBy", { name: pick(org.names) }) : t("portal.notManaged")}</p>}
      <label className="required">
        {t("portal.apartment")}
        <input name="apartment" required value={apartment} onChange={(e) => setApartment(e.target.value)} {...errors.field("apartment")} />
        {errors.message("apartment")}
      </label>
      <label>
        {t("portal.score")}
        <select name="score" value={score} onChange={(e) => setScore(e.target.value)}>
          {[5, 4, 3, 2, 1].map((n) => (
            <option key={n} value={n}>
              {"★".repeat(n)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t("common.comment")}
        <textarea name="comment" rows={2} maxLength={1000} value={comment} onChange={(e) => setComment(e.target.value)} {...errors.field("comment")} />
        {errors.message("comment")}
      </label>
      <ErrorText error={errors.rest} />
      {voted && <p className="ok">{t("portal.voted")}</p>}
      <button type="submit" disabled={!org || vote.pending}>
        {t("portal.vote")}
      </button>
    </form>
  );
}

export function RatingPage() {
  const tenant = useTenant();
  const { t, pick, number, percent, quarter } = useI18n();
  const rating = useLoad(() => gql(tenant.slug, RatingDocument, {}, { anonymous: true }), [tenant.slug]);
  return (
    <section>
      <h1>{t("portal.ratingTitle")}</h1>
      {rating.data && <p className="muted">{t("portal.quarter", { quarter: quarter(rating.data.kskRating.quarter) })}</p>}
      <ErrorText error={rating.error} />
      <div className="grid2">
        <Table label={t("portal.ratingTitle")} testId="rating" loading={rating.loading && !rating.data} empty={t("rating.none")} head={[t("portal.rank"), t("common.name"), t("portal.score"), t("portal.votes"), t("portal.appeals"), t("portal.compliance")]}>
          {rating.data?.kskRating.entries.map((e) => (
            <tr key={e.organizationId}>
              <td>{number(e.rank)}</td>
              {/* The names carry their form (KSK, OSI) in each language. */}
              <td>{pick(e.name)}</td>
              <td>
                <b>{number(e.score, 1)}</b>
              </td>
              <td data-testid={`votes-${e.organizationId}`}>{number(e.votes)}</td>
              <td>{number(e.appeals)}</td>
              <td>{percent(e.deadlineCompliance)}</td>
            </tr>
          ))}
        </Table>
        <Verified>{(resident) => <VoteForm token={resident.token} onVoted={rating.reload} />}</Verified>
      </div>
    </section>
  );
}
