// Resolved appeals waiting for the operator's call to the resident.
import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AppealTable } from "./AppealTable";

const CallbacksDocument = graphql(`
  query Callbacks {
    callbackList(page: { first: 100 }) {
      nodes { ...AppealRow }
    }
  }
`);

export function Callbacks() {
  const tenant = useTenant();
  const { t } = useI18n();
  const { data, error } = useLoad(() => gql(tenant.slug, CallbacksDocument), [tenant.slug], 15_000);
  return (
    <section>
      <h1>{t("callbacks.title")}</h1>
      <p className="muted">{t("callbacks.hint")}</p>
      <ErrorText error={error} />
      <AppealTable rows={data?.callbackList.nodes ?? []} slug={tenant.slug} loading={!data && !error} empty={t("callbacks.empty")} label={t("callbacks.title")} />
    </section>
  );
}
