// The public yard-asphalt queue, in its priority order.
import { gql } from "../api/client";
import { graphql } from "../gql";
import type { Language } from "../gql/graphql";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { Table } from "../ui/Table";
import { useLoad } from "../ui/hooks";

const WorksDocument = graphql(`
  query Works($lang: Language) {
    worksQueue(lang: $lang) { id position address apartments appeals areaM2 contractor plannedStart plannedEnd statusLabel }
  }
`);

export function WorksPage() {
  const tenant = useTenant();
  const { t, lang, number, date } = useI18n();
  const works = useLoad(() => gql(tenant.slug, WorksDocument, { lang: lang.toUpperCase() as Language }, { anonymous: true }), [lang]);
  return (
    <section>
      <h1>{t("portal.worksTitle")}</h1>
      <ErrorText error={works.error} />
      {works.data?.worksQueue.length === 0 && <p className="muted">{t("common.empty")}</p>}
      <Table testId="works" head={[t("portal.position"), t("common.address"), t("admin.apartments"), t("portal.appeals"), t("portal.area"), t("common.status")]}>
        {works.data?.worksQueue.map((w) => (
          <tr key={w.id}>
            <td>{w.position}</td>
            <td>{w.address}</td>
            <td>{number(w.apartments)}</td>
            <td>{number(w.appeals)}</td>
            <td>{number(w.areaM2)}</td>
            <td>
              {w.statusLabel} {w.plannedStart && <small>{date(w.plannedStart)}</small>}
            </td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
