// Notices that have not left: parked ones wait for a door to be configured (an SMS gateway, the
// Telegram bot, an SMTP relay) and leave by themselves once it is; failed ones were given up.
import { gql } from "../../api/client";
import { ErrorText } from "../../components/errors";
import { useLoad } from "../../components/hooks";
import { Table } from "../../components/Table";
import { graphql } from "../../gql";
import { hasText, useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { useTenant } from "../../tenant/tenant";

const BacklogDocument = graphql(`
  query NotificationBacklog {
    notificationBacklog { status reason recipient count oldest }
  }
`);

const why = (l: { reason?: string | null; status: string }) => `backlog.${l.reason ?? l.status}`;
const to = (l: { recipient: string }) => `backlog.to.${l.recipient}`;

export function NotificationBacklog() {
  const tenant = useTenant();
  const { t, number, dateTime } = useI18n();
  const { data, error } = useLoad(() => gql(tenant.slug, BacklogDocument), [tenant.slug], 60_000);
  const lines = data?.notificationBacklog ?? [];
  // A reason or recipient added to the API later reads as a generic text, never as its code.
  const known = (key: string, fallback: MessageKey) => t(hasText(key) ? key : fallback);
  return (
    <div className="card" data-testid="notification-backlog">
      <h2>{t("admin.backlog")}</h2>
      <ErrorText error={error} />
      {lines.length === 0 ? (
        <p className="muted">{t("admin.backlogEmpty")}</p>
      ) : (
        <Table label={t("admin.backlog")} head={[t("admin.backlogWhy"), t("admin.backlogTo"), t("admin.backlogCount"), t("admin.backlogOldest")]}>
          {lines.map((l) => (
            <tr key={`${l.status}-${l.reason}-${l.recipient}`}>
              <td>{known(why(l), "backlog.other")}</td>
              <td>{known(to(l), "backlog.to.other")}</td>
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
