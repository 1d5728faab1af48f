// The city admin's settings page: the city's branding and appeal settings, then its channels
// (the Telegram bot and the mailbox, the notices that could not leave, the Open311 client apps).
import { MessagingChannels } from "../features/channels/MessagingChannels";
import { NotificationBacklog } from "../features/channels/NotificationBacklog";
import { Open311Clients } from "../features/channels/Open311Clients";
import { Settings } from "../features/platform/Settings";

export function CitySettings() {
  return (
    <Settings>
      <MessagingChannels />
      <NotificationBacklog />
      <Open311Clients />
    </Settings>
  );
}
