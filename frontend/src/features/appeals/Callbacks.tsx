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

// Each resident read is on record: the contacts are read when the list changes, not on every poll.
const ContactsDocument = graphql(`
  query CallbackContacts {
    callbackList(page: { first: 100 }) {
      nodes { id number resident { name phone } }
    }
  }
`);

export function Callbacks() {
  const tenant = useTenant();
  const { t } = useI18n();
  const { data, error } = useLoad(() => gql(tenant.slug, CallbacksDocument), [tenant.slug], 15_000);
  const listed = (data?.callbackList.nodes ?? []).map((a) => a.id).join(",");
  const contacts = useLoad(
    () => (listed ? gql(tenant.slug, ContactsDocument) : Promise.resolve(undefined)),
    [tenant.slug, listed],
  );
  const callees = (contacts.data?.callbackList.nodes ?? []).filter((a) => a.resident);
  return (
    <section>
      <h1>{t("callbacks.title")}</h1>
      <p className="muted">{t("callbacks.hint")}</p>
      <ErrorText error={error} />
      <AppealTable rows={data?.callbackList.nodes ?? []} slug={tenant.slug} loading={!data && !error} empty={t("callbacks.empty")} label={t("callbacks.title")} />
      {callees.length > 0 && (
        <ul className="card" data-testid="callback-contacts" aria-label={t("callbacks.contacts")}>
          {callees.map((a) => (
            <li key={a.id}>
              <strong>{a.number}</strong> — {a.resident?.name ?? t("callbacks.noName")}{" "}
              <a href={`tel:${a.resident?.phone}`}>{a.resident?.phone}</a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
