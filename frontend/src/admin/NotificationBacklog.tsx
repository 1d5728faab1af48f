// Notices that have not left: parked ones wait for a door to be configured (an SMS gateway, the
// Telegram bot, an SMTP relay) and leave by themselves once it is; failed ones were given up.
import { graphql } from "../gql";
import { gql } from "../api/client";
import { useI18n } from "../i18n/i18n";
import type { MessageKey } from "../i18n/messages/en";
import { useTenant } from "../tenant/tenant";
import { ErrorText } from "../ui/errors";
import { Table } from "../ui/Table";
import { useLoad } from "../ui/hooks";

const BacklogDocument = graphql(`
  query NotificationBacklog {
    notificationBacklog { status reason recipient count oldest }
  }
`);

export function NotificationBacklog() {
  const tenant = useTenant();
  const { t, number, dateTime } = useI18n();
  const { data, error } = useLoad(() => gql(tenant.slug, BacklogDocument), [tenant.slug], 60_000);
  const lines = data?.notificationBacklog ?? [];
  return (
    <div className="card" data-testid="notification-backlog">
      <h2>{t("admin.backlog")}</h2>
      <ErrorText error={error} />
      {lines.length === 0 ? (
        <p className="muted">{t("admin.backlogEmpty")}</p>
      ) : (
        <Table head={[t("admin.backlogWhy"), t("admin.backlogTo"), t("admin.backlogCount"), t("admin.backlogOldest")]}>
          {lines.map((l) => (
            <tr key={`${l.status}-${l.reason}-${l.recipient}`}>
              <td>{t(`backlog.${l.reason ?? l.status}` as MessageKey)}</td>
              <td>{t(`backlog.to.${l.recipient}` as MessageKey)}</td>
              <td>{number(l.count)}</td>
              <td>
                <small>{dateTime(l.oldest)}</small>
              </td>
            </tr>
          ))}
        </Table>
      )}
    </div>
  );
}
