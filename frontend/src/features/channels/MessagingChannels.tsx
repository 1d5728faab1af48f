// The city's messaging doors: its Telegram bot (connected with the token from @BotFather) and
// its mailbox (opened by choosing the service type e-mailed appeals are filed under).
import { useState, type FormEvent } from "react";

import { gql } from "../../api/client";
import { ErrorText, useFormErrors } from "../../components/errors";
import { useAction, useLoad } from "../../components/hooks";
import { ServicePick, type PickedService } from "../../components/picks";
import { graphql } from "../../gql";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";

const ChannelsDocument = graphql(`
  query MessagingChannels {
    telegramBot { username webhookUrl }
    emailChannel { address serviceTypeId serviceTypeNames { kk ru en } }
  }
`);

const ConnectDocument = graphql(`
  mutation ConnectTelegramBot($token: String!) {
    connectTelegramBot(token: $token) { username webhookUrl }
  }
`);

const DisconnectDocument = graphql(`
  mutation DisconnectTelegramBot {
    disconnectTelegramBot
  }
`);

const EmailDocument = graphql(`
  mutation ConfigureEmailChannel($serviceTypeId: ID) {
    configureEmailChannel(serviceTypeId: $serviceTypeId) { address serviceTypeId }
  }
`);

export function MessagingChannels() {
  const tenant = useTenant();
  const { t, pick } = useI18n();
  const [token, setToken] = useState("");
  const [service, setService] = useState<PickedService | null>(null);
  const channels = useLoad(() => gql(tenant.slug, ChannelsDocument), [tenant.slug]);
  const connect = useAction(async () => {
    await gql(tenant.slug, ConnectDocument, { token: token.trim() });
    setToken("");
    await channels.reload();
  });
  const disconnect = useAction(async () => {
    await gql(tenant.slug, DisconnectDocument);
    await channels.reload();
  });
  const email = useAction(async (serviceTypeId: string | null) => {
    await gql(tenant.slug, EmailDocument, { serviceTypeId });
    setService(null);
    await channels.reload();
  });
  const tokenErrors = useFormErrors(connect.error, ["token"]);
  const bot = channels.data?.telegramBot;
  const mail = channels.data?.emailChannel;
  const submitToken = (e: FormEvent) => {
    e.preventDefault();
    connect.run();
  };
  const submitMail = (e: FormEvent) => {
    e.preventDefault();
    if (service) email.run(service.id);
  };
  return (
    <div className="card" data-testid="messaging-channels">
      <h2>{t("channels.title")}</h2>
      <h3>Telegram</h3>
      <p className="muted" data-testid="telegram-state">
        {bot ? t("channels.botConnected", { bot: `@${bot.username}`, url: bot.webhookUrl }) : t("channels.botNone")}
      </p>
      <form className="row" onSubmit={submitToken}>
        <label>
          {t("channels.botToken")}
          <input name="botToken" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} {...tokenErrors.field("token")} />
          {tokenErrors.message("token")}
        </label>
        <button type="submit" disabled={connect.pending}>
          {t("channels.connect")}
        </button>
        {bot && (
          <button type="button" className="secondary" disabled={disconnect.pending} onClick={() => disconnect.run()}>
            {t("channels.disconnect")}
          </button>
        )}
      </form>
      <ErrorText error={tokenErrors.rest ?? disconnect.error ?? channels.error} />
      <h3>{t("channels.email")}</h3>
      <p className="muted" data-testid="email-state">
        {mail?.serviceTypeNames
          ? t("channels.emailOpen", { address: mail.address, service: pick(mail.serviceTypeNames) })
          : t("channels.emailClosed", { address: mail?.address ?? "" })}
      </p>
      <form className="row" onSubmit={submitMail}>
        <ServicePick picked={service} onPick={setService} label={t("channels.emailService")} testId="email-service" />
        <button type="submit" disabled={!service || email.pending}>
          {t("channels.emailOpenButton")}
        </button>
        {mail?.serviceTypeId && (
          <button type="button" className="secondary" disabled={email.pending} onClick={() => email.run(null)}>
            {t("channels.emailClose")}
          </button>
        )}
      </form>
      <ErrorText error={email.error} />
    </div>
  );
}
