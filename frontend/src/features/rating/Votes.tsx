// The votes behind the public KSK/OSI rating: a city admin reviews an organization's votes of a
// quarter and voids a fraudulent one with a reason (it stays visible, no longer counted).
import { useState } from "react";

import { gql } from "../../api/client";
import { hasRole, useStaffSession } from "../../api/session";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { recentQuarters } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const RatingDocument = graphql(`
  query RatingOrganizations($quarter: String) {
    kskRating(quarter: $quarter) {
      quarter
      entries { rank organizationId score votes voidedVotes name { kk ru en } }
    }
  }
`);

const VotesDocument = graphql(`
  query KskVotes($org: ID!, $quarter: String!) {
    kskVotes(organizationId: $org, quarter: $quarter) { id buildingId apartment score comment updatedAt voided voidReason }
    buildings(managingOrgId: $org, includeInactive: true, page: { first: 200 }) { nodes { id address } }
  }
`);

const VoidDocument = graphql(`
  mutation VoidVote($id: ID!, $reason: String!) {
    voidKskVote(id: $id, reason: $reason) { id voided }
  }
`);

export function Votes() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, pick, number, dateTime, quarter: quarterText } = useI18n();
  // Empty: the current quarter, as the API chooses it.
  const [quarter, setQuarter] = useState("");
  const [quarters] = useState(() => recentQuarters(tenant.timeZone, 8));
  const [org, setOrg] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const rating = useLoad(() => gql(tenant.slug, RatingDocument, { quarter: quarter.trim() || null }), [quarter]);
  const shown = rating.data?.kskRating.quarter ?? "";
  const votes = useLoad(
    async () => (org && shown ? await gql(tenant.slug, VotesDocument, { org, quarter: shown }) : null),
    [org, shown],
  );
  const voidVote = useAction(async (id: string) => {
    await gql(tenant.slug, VoidDocument, { id, reason: reason.trim() });
    setReason("");
    await Promise.all([votes.reload(), rating.reload()]);
  });
  const addresses = new Map((votes.data?.buildings.nodes ?? []).map((b) => [b.id, b.address]));
  const admin = hasRole(current, "CITY_ADMIN");
  const errors = useFormErrors(voidVote.error, ["reason"]);
  const picked = rating.data?.kskRating.entries.find((e) => e.organizationId === org);
  return (
    <section>
      <h1>{t("votes.title")}</h1>
      <label>
        {t("votes.quarter")}
        <select name="quarter" value={quarter || shown} onChange={(e) => setQuarter(e.target.value)}>
          {(quarters.includes(shown) || !shown ? quarters : [shown, ...quarters]).map((q) => (
            <option key={q} value={q}>
              {quarterText(q)}
            </option>
          ))}
        </select>
      </label>
      <ErrorText error={rating.error} />
      <div className="grid2">
        <Table label={t("votes.title")} testId="vote-organizations" loading={rating.loading && !rating.data} empty={t("rating.none")} head={[t("portal.rank"), t("common.name"), t("portal.votes"), t("votes.voided")]}>
          {rating.data?.kskRating.entries.map((e) => (
            <tr key={e.organizationId} className={e.organizationId === org ? "selected" : undefined}>
              <td>{number(e.rank)}</td>
              <td>
                <button type="button" className="link" onClick={() => setOrg(e.organizationId)}>
                  {pick(e.name)}
                </button>
              </td>
              <td>{number(e.votes)}</td>
              <td>{number(e.voidedVotes)}</td>
            </tr>
          ))}
        </Table>
        <div className="card">
          {!picked && <p className="muted">{t("votes.pick")}</p>}
          {picked && (
            <>
              <h2>{t("votes.of", { name: pick(picked.name), quarter: quarterText(shown) })}</h2>
              {admin && (
                <label>
                  {t("votes.reason")}
                  <input name="reason" value={reason} onChange={(e) => setReason(e.target.value)} {...errors.field("reason")} />
                  {errors.message("reason")}
                </label>
              )}
              <ErrorText error={votes.error ?? errors.rest} />
              <Table label={t("votes.of", { name: pick(picked.name), quarter: quarterText(shown) })} testId="votes" loading={votes.loading && !votes.data} empty={t("votes.none")} head={[t("intake.building"), t("portal.apartment"), t("portal.score"), t("common.comment"), t("queue.registered"), <span className="sr-only">{t("common.actions")}</span>]}>
                {votes.data?.kskVotes.map((v) => (
                  <tr key={v.id} className={v.voided ? "inactive" : undefined}>
                    <td>{addresses.get(v.buildingId) ?? `#${v.buildingId}`}</td>
                    <td>{v.apartment}</td>
                    <td>{"★".repeat(v.score)}</td>
                    <td>{v.comment ?? ""}</td>
                    <td>{dateTime(v.updatedAt)}</td>
                    <td>
                      {v.voided ? (
                        <small>
                          {t("votes.voidedBecause", { reason: v.voidReason ?? "" })}
                        </small>
                      ) : (
                        admin && (
                          <button type="button" className="link" disabled={!reason.trim() || voidVote.pending} onClick={() => voidVote.run(v.id)}>
                            {t("votes.void")}
                          </button>
                        )
                      )}
                    </td>
                  </tr>
                ))}
              </Table>
            </>
          )}
        </div>
      </div>
    </section>
  );
}
