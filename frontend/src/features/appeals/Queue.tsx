// The queue: open appeals by deadline, refreshing by itself; executors see their organization's.
// What it lists is in the address (`api/queueSearch.ts`): its own controls write there, and a
// figure elsewhere (the analytics) links here with the appeals it counts, which the queue names
// above the list with a way back to every open appeal.
import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";

import { gql } from "../../api/client";
import { CategoriesDocument } from "../../api/documents";
import { DIGITAL_CHANNELS, NO_NARROWING, queueFilter, readQueueSearch, writeQueueSearch, type QueueSearch } from "../../api/queueSearch";
import { hasRole, useStaffSession } from "../../api/session";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { graphql } from "../../gql";
import type { AppealStatus } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AppealTable, loadQueue, type QueueRow } from "./AppealTable";

const POLL_SECONDS = 10;
const STATUSES: AppealStatus[] = ["REGISTERED", "ASSIGNED", "IN_PROGRESS", "REOPENED", "RESOLVED"];

const OrganizationDocument = graphql(`
  query QueueOrganization($id: ID!) {
    organization(id: $id) { names { kk ru en } }
  }
`);

const ServiceTypeDocument = graphql(`
  query QueueServiceType($id: ID!) {
    serviceType(id: $id) { names { kk ru en } }
  }
`);

const BuildingDocument = graphql(`
  query QueueBuilding($id: ID!) {
    building(id: $id) { address addressKk }
  }
`);

const FINISHED: AppealStatus[] = ["RESOLVED", "CLOSED"];

export function Queue() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, label } = useI18n();
  const [params, setParams] = useSearchParams();
  const address = params.toString();
  // The controls answer at once from this state, which is written to the address as well (the
  // router updates the address in a transition, too late for a field being typed in). An address
  // changed from outside (a link followed, the way back) replaces it.
  const [search, setSearch] = useState<QueueSearch>(() => readQueueSearch(params));
  const written = useRef(address);
  useEffect(() => {
    if (address === written.current) return;
    written.current = address;
    setSearch(readQueueSearch(new URLSearchParams(address)));
  }, [address]);
  const update = (patch: Partial<QueueSearch>) => {
    const next = { ...search, ...patch };
    const to = writeQueueSearch(next);
    written.current = to.toString();
    setSearch(next);
    setParams(to, { replace: true });
  };
  const [more, setMore] = useState<QueueRow[]>([]);
  // undefined: the first page's cursor applies; null: no further page.
  const [cursor, setCursor] = useState<string | null | undefined>(undefined);
  const filter = queueFilter(search, tenant.timeZone);
  const key = JSON.stringify(filter);
  const { data, error } = useLoad(
    async () => {
      setMore([]);
      setCursor(undefined);
      return loadQueue(tenant.slug, filter);
    },
    [key, tenant.slug],
    POLL_SECONDS * 1000,
  );
  const page = data?.appeals;
  const next = cursor === undefined ? page?.pageInfo : { hasNextPage: !!cursor, endCursor: cursor };
  const loadMore = async () => {
    if (!next?.endCursor) return;
    const further = await loadQueue(tenant.slug, filter, next.endCursor);
    setMore((rows) => [...rows, ...further.appeals.nodes]);
    setCursor(further.appeals.pageInfo.hasNextPage ? further.appeals.pageInfo.endCursor : null);
  };
  const executorOnly = !hasRole(current, "OPERATOR", "SUPERVISOR", "CITY_ADMIN", "ANALYST");
  // Resolved late or on time lists resolved and closed appeals, whatever the statuses say.
  const finished = search.resolvedLate === true || search.resolvedLate === false;
  const status = finished ? FINISHED.join(",") : search.statuses === "ALL" ? "ALL" : (search.statuses?.join(",") ?? "");
  return (
    <section>
      <header className="row">
        <h1>{executorOnly ? t("queue.executorTitle") : t("queue.title")}</h1>
        <small className="muted">{t("queue.live", { seconds: POLL_SECONDS })}</small>
      </header>
      <Narrowing search={search} onClear={() => update(NO_NARROWING)} />
      <div className="filters">
        <input
          type="search"
          placeholder={t("queue.text")}
          aria-label={t("queue.text")}
          value={search.text ?? ""}
          onChange={(e) => update({ text: e.target.value })}
        />
        <select
          aria-label={t("common.status")}
          value={status}
          disabled={finished}
          onChange={(e) => {
            const value = e.target.value;
            update({ statuses: value === "ALL" ? "ALL" : value ? (value.split(",") as AppealStatus[]) : null });
          }}
          data-testid="status"
        >
          <option value="">{t("queue.allOpen")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {label("status", s)}
            </option>
          ))}
          {/* A set of statuses a link asked for (resolved or closed, say) is one choice of its own. */}
          {status.includes(",") && <option value={status}>{status.split(",").map((s) => label("status", s)).join(" · ")}</option>}
          {status && status !== "ALL" && !status.includes(",") && !(STATUSES as string[]).includes(status) && (
            <option value={status}>{label("status", status)}</option>
          )}
          <option value="ALL">{t("queue.allStatuses")}</option>
        </select>
        <label className="check">
          <input type="checkbox" checked={!!search.overdue} onChange={(e) => update({ overdue: e.target.checked })} /> {t("queue.onlyOverdue")}
        </label>
        <label className="check">
          <input type="checkbox" checked={!!search.needsRouting} onChange={(e) => update({ needsRouting: e.target.checked })} data-testid="needs-routing" />{" "}
          {t("queue.onlyNeedsRouting")}
        </label>
      </div>
      <ErrorText error={error} />
      <AppealTable rows={page ? [...page.nodes, ...more] : []} slug={tenant.slug} loading={!page && !error} empty={t("queue.empty")} label={executorOnly ? t("queue.executorTitle") : t("queue.title")} />
      {next?.hasNextPage && (
        <button type="button" onClick={loadMore}>
          {t("common.more")}
        </button>
      )}
    </section>
  );
}

/** What a link narrowed the queue to, by name, with a way back to every open appeal. */
function Narrowing({ search, onClear }: { search: QueueSearch; onClear: () => void }) {
  const tenant = useTenant();
  const { t, pick, label, district, date, lang } = useI18n();
  const { organizationId, serviceTypeId, categoryId, sphereId, buildingId, channel, channels, from, to } = search;
  const names = useLoad(
    async () => {
      const [org, service, catalog, building] = await Promise.all([
        organizationId ? gql(tenant.slug, OrganizationDocument, { id: organizationId }).catch(() => null) : null,
        serviceTypeId ? gql(tenant.slug, ServiceTypeDocument, { id: serviceTypeId }).catch(() => null) : null,
        categoryId || sphereId ? gql(tenant.slug, CategoriesDocument).catch(() => null) : null,
        buildingId ? gql(tenant.slug, BuildingDocument, { id: buildingId }).catch(() => null) : null,
      ]);
      const category = catalog?.spheres.flatMap((s) => s.categories).find((c) => c.id === categoryId);
      const sphere = catalog?.spheres.find((s) => s.id === sphereId);
      return { org: org?.organization.names, service: service?.serviceType.names, category: category?.names, sphere: sphere?.names, building: building?.building };
    },
    [tenant.slug, organizationId, serviceTypeId, categoryId, sphereId, buildingId],
  );
  const building = names.data?.building;
  // Said as a yes or a no.
  const either = (value: boolean | null | undefined, yes: string, no: string) => (value === true ? yes : value === false ? no : null);
  const digital = !!channels && channels.length === DIGITAL_CHANNELS.length && DIGITAL_CHANNELS.every((c) => channels.includes(c));
  const parts = [
    organizationId && (names.data?.org ? pick(names.data.org) : "…"),
    sphereId && (names.data?.sphere ? pick(names.data.sphere) : "…"),
    categoryId && (names.data?.category ? pick(names.data.category) : "…"),
    serviceTypeId && (names.data?.service ? pick(names.data.service) : "…"),
    search.appealType && label("appealType", search.appealType),
    buildingId && (building ? (lang === "kk" && building.addressKk?.trim()) || building.address : "…"),
    channel && label("channel", channel),
    channels?.length && (digital ? t("queue.digital") : channels.map((c) => label("channel", c)).join(", ")),
    either(search.firstCall, t("queue.firstCall"), t("queue.notFirstCall")),
    either(search.reopened, t("queue.reopened"), t("queue.notReopened")),
    either(search.resolvedLate, t("queue.resolvedLate"), t("queue.resolvedOnTime")),
    either(search.rated, t("queue.rated"), t("queue.notRated")),
    search.district && district(search.district),
    (from || to) && t("queue.registeredOn", { from: date(from), to: date(to) }),
  ].filter(Boolean) as string[];
  if (parts.length === 0) return null;
  return (
    <p className="narrowed" data-testid="narrowed">
      <span>
        {t("queue.narrowed")}: <b>{parts.join(" · ")}</b>
      </span>{" "}
      <button type="button" className="link" onClick={onClear}>
        {t("queue.clearNarrowing")}
      </button>
    </p>
  );
}
