// The public yard-asphalt queue, in its priority order, and its buildings on the map.
import { useMemo } from "react";

import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import type { Language } from "../../gql/graphql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const WorksDocument = graphql(`
  query Works($lang: Language) {
    worksQueue(lang: $lang) { id position address apartments appeals areaM2 contractor plannedStart plannedEnd status statusLabel lat lon }
  }
`);

export function WorksPage() {
  const tenant = useTenant();
  const { t, lang, number, date } = useI18n();
  const works = useLoad(() => gql(tenant.slug, WorksDocument, { lang: lang.toUpperCase() as Language }, { anonymous: true }), [lang]);
  const layers = useMemo(
    () => [
      {
        data: {
          type: "FeatureCollection" as const,
          features: (works.data?.worksQueue ?? []).flatMap((w) =>
            w.lat === null || w.lat === undefined || w.lon === null || w.lon === undefined
              ? []
              : [
                  {
                    type: "Feature" as const,
                    properties: { label: `${w.position}. ${w.address} — ${w.statusLabel}`, status: w.status },
                    geometry: { type: "Point" as const, coordinates: [w.lon, w.lat] },
                  },
                ],
          ),
        },
        color: (f: GeoJSON.Feature) => (f.properties?.status === "DONE" ? "#27ae60" : f.properties?.status === "IN_PROGRESS" ? "#e67e22" : "#1d5fa8"),
        popup: (f: GeoJSON.Feature) => String(f.properties?.label ?? ""),
      },
    ],
    [works.data],
  );
  return (
    <section>
      <h1>{t("portal.worksTitle")}</h1>
      <ErrorText error={works.error} />
      <MapView label={t("portal.worksTitle")} layers={layers} height={360} fit />
      <Table label={t("portal.worksTitle")} testId="works" loading={works.loading && !works.data} empty={t("works.none")} head={[t("portal.position"), t("common.address"), t("admin.apartments"), t("portal.appeals"), t("portal.area"), t("common.status")]}>
        {works.data?.worksQueue.map((w) => (
          <tr key={w.id}>
            <td>{number(w.position)}</td>
            <td>{w.address}</td>
            <td>{number(w.apartments)}</td>
            <td>{number(w.appeals)}</td>
            <td>{number(w.areaM2, w.areaM2 % 1 ? 1 : 0)}</td>
            <td>
              {w.statusLabel} {w.plannedStart && <small>{date(w.plannedStart)}</small>}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
