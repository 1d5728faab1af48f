// Active and overdue excavation permits on the map, from the city's public GeoJSON.
import { useMemo } from "react";

import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { MapView } from "../../components/MapView";
import { Table } from "../../components/Table";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

interface PermitProps {
  number: string;
  status: string;
  work_type: string;
  address: string;
  holder: { kk: string; ru: string; en: string } | null;
  restore_by: string;
}

export function PermitsPage() {
  const tenant = useTenant();
  const { t, pick, date, label } = useI18n();
  const permits = useLoad(async () => {
    const response = await fetch(`/t/${tenant.slug}/public/permits.geojson`);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as GeoJSON.FeatureCollection<GeoJSON.Geometry, PermitProps>;
  }, [tenant.slug]);
  const layers = useMemo(
    () =>
      permits.data
        ? [
            {
              data: permits.data as GeoJSON.FeatureCollection,
              color: (f: GeoJSON.Feature) => (f.properties?.status === "overdue" ? "#c0392b" : "#e67e22"),
              popup: (f: GeoJSON.Feature) => `${f.properties?.number ?? ""} — ${f.properties?.address ?? ""}`,
            },
          ]
        : [],
    [permits.data],
  );
  return (
    <section>
      <h1>{t("portal.permitsTitle")}</h1>
      <ErrorText error={permits.error} />
      <MapView label={t("portal.permitsTitle")} layers={layers} height={420} fit />
      <Table label={t("portal.permitsTitle")} testId="permits" loading={permits.loading && !permits.data} empty={t("permits.noneActive")} head={[t("queue.number"), t("common.address"), t("portal.workType"), t("portal.holder"), t("portal.restoreBy"), t("common.status")]}>
        {permits.data?.features.map((f) => (
          <tr key={String(f.id)}>
            <td>{f.properties.number}</td>
            <td>{f.properties.address}</td>
            <td>{f.properties.work_type}</td>
            <td>{pick(f.properties.holder)}</td>
            <td>{date(f.properties.restore_by)}</td>
            <td>{label("permit", f.properties.status.toUpperCase())}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
