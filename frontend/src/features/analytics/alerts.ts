// The count of a supervisor's alerts not seen yet, for the badge in the console's navigation:
// asked again every half minute while the page is shown, and at once when the inbox marks some as
// seen. Small on purpose: the shell loads it with the first page, the inbox's screen comes later.
import { useEffect, useState } from "react";

import { gql } from "../../api/client";
import { graphql } from "../../gql";

const UnacknowledgedDocument = graphql(`
  query UnacknowledgedAlerts {
    supervisorInbox(onlyNew: true, first: 1) { unacknowledged }
  }
`);

const SEEN = "qala:alerts-seen";
const POLL_MS = 30_000;

/** Tells the badge that alerts were marked as seen. */
export function alertsSeen() {
  window.dispatchEvent(new Event(SEEN));
}

/** Alerts not seen yet, for a member who has an inbox (`enabled`); undefined until known. */
export function useUnacknowledgedAlerts(slug: string, enabled: boolean): number | undefined {
  const [count, setCount] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    const load = () =>
      gql(slug, UnacknowledgedDocument)
        .then((data) => live && setCount(data.supervisorInbox.unacknowledged))
        .catch(() => undefined);
    load();
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") load();
    }, POLL_MS);
    window.addEventListener(SEEN, load);
    return () => {
      live = false;
      clearInterval(timer);
      window.removeEventListener(SEEN, load);
    };
  }, [slug, enabled]);
  return enabled ? count : undefined;
}
