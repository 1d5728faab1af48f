// Reports to download (analysts, supervisors, city admins): the weekly report of a chosen week
// and the quarterly report of a chosen quarter, as XLSX or CSV in a chosen language (the page's
// by default), and the appeals of the analytics' period and filter as a CSV; with the residents'
// personal data only for the roles that may read residents, and only when asked, after a word
// that the export is recorded in the audit log. The files come with the member's token
// (`api/download`); the page shows how much has arrived and why a download was refused.
import { useState } from "react";

import { download, queryString, type Downloaded } from "../../api/download";
import { useStaffSession } from "../../api/session";
import { ErrorText } from "../../components/errors";
import { useAction } from "../../components/hooks";
import { formatStep, LANGS, recentQuarters, todayIn, type Lang } from "../../i18n/format";
import { useI18n } from "../../i18n/i18n";
import { useTenant } from "../../tenant/tenant";
import { AnalyticsHeader, FilterControls, PeriodControls, useAnalyticsState } from "./Controls";
import { addDays, quarterStart, recentWeeks } from "./period";

/** The roles that may read residents' personal data (the API's rule; a city admin may not). */
const RESIDENT_READERS = ["OPERATOR", "SUPERVISOR", "ANALYST"];
const WEEKS = 12;
const QUARTERS = 8;

type Format = "xlsx" | "csv";

interface Progress {
  what: string;
  received: number;
  total: number | null;
}

export function Reports() {
  const tenant = useTenant();
  const current = useStaffSession(tenant.slug);
  const { t, lang, date, fileSize, quarter } = useI18n();
  const [state, setState] = useAnalyticsState();
  const today = todayIn(tenant.timeZone);
  const weeks = recentWeeks(today, WEEKS);
  const quarters = recentQuarters(tenant.timeZone, QUARTERS);
  // The week and the quarter that have ended, unless one chooses otherwise.
  const [week, setWeek] = useState(weeks[1]);
  const [quarterChosen, setQuarter] = useState(quarters[1]);
  const [language, setLanguage] = useState<Lang>(lang);
  const [personal, setPersonal] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [done, setDone] = useState<Downloaded | null>(null);
  const mayReadResidents = !!current?.user.roles.some((r) => RESIDENT_READERS.includes(r));
  const base = `/t/${tenant.slug}`;

  const fetchFile = useAction(async (what: string, path: string, fallback: string) => {
    setDone(null);
    setProgress({ what, received: 0, total: null });
    try {
      const file = await download(tenant.slug, path, fallback, {
        onProgress: (received, total) => setProgress({ what, received, total }),
      });
      setDone(file);
      return file;
    } finally {
      setProgress(null);
    }
  });
  const report = (kind: "weekly" | "quarterly", format: Format) => {
    const day = kind === "weekly" ? week : quarterStart(quarterChosen);
    const what = t(kind === "weekly" ? "reports.weekly" : "reports.quarterly");
    fetchFile.run(what, `${base}/reports/${kind}.${format}${queryString({ day, lang: language })}`, `${tenant.slug}-${kind}-${day}.${format}`);
  };
  const exportAppeals = () => {
    const f = state.filter;
    const path = `${base}/exports/appeals.csv${queryString({
      from: state.period.from,
      to: state.period.to,
      district: f.district,
      organizationId: f.organizationId,
      sphereId: f.sphereId,
      categoryId: f.categoryId,
      serviceTypeId: f.serviceTypeId,
      channel: f.channel,
      appealType: f.appealType,
      personal: mayReadResidents && personal ? true : null,
      lang: language,
    })}`;
    fetchFile.run(t("reports.appeals"), path, `${tenant.slug}-appeals-${state.period.from}-${state.period.to}.csv`);
  };
  const busy = fetchFile.pending;
  const buttons = (kind: "weekly" | "quarterly") => (
    <div className="buttons">
      {(["xlsx", "csv"] as Format[]).map((format) => (
        <button key={format} type="button" className={format === "xlsx" ? undefined : "secondary"} disabled={busy} onClick={() => report(kind, format)} data-testid={`${kind}-${format}`}>
          {t(format === "xlsx" ? "reports.xlsx" : "reports.csv")}
        </button>
      ))}
    </div>
  );
  return (
    <section className="analytics">
      <AnalyticsHeader title={t("analytics.title")} />
      <h2>{t("reports.title")}</h2>
      <div className="row">
        <label className="inline">
          {t("reports.language")}
          <select value={language} onChange={(e) => setLanguage(e.target.value as Lang)} data-testid="report-language">
            {LANGS.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="download-status" role="status" aria-live="polite" data-testid="download-status">
        {progress
          ? t(progress.total ? "reports.downloadingOf" : "reports.downloading", {
              what: progress.what,
              received: fileSize(progress.received),
              total: fileSize(progress.total ?? 0),
            })
          : done
            ? t("reports.downloaded", { name: done.name, size: fileSize(done.size) })
            : ""}
      </div>
      {progress && <progress className="download-progress" max={progress.total ?? undefined} value={progress.total ? progress.received : undefined} aria-hidden="true" />}
      <ErrorText error={fetchFile.error} />
      <div className="report-cards">
        <div className="card" data-testid="weekly">
          <h3>{t("reports.weekly")}</h3>
          <p className="muted small">{t("reports.weeklyHint")}</p>
          <label>
            {t("reports.week")}
            <select value={week} onChange={(e) => setWeek(e.target.value)} data-testid="week">
              {weeks.map((monday, i) => (
                <option key={monday} value={monday}>
                  {t(i === 0 ? "reports.weekNow" : "reports.weekOf", {
                    // The first day without its year when the week ends in the same year (shorter on a phone).
                    from: monday.slice(0, 4) === addDays(monday, 6).slice(0, 4) ? formatStep(monday, "DAY", lang) : date(monday),
                    to: date(i === 0 ? today : addDays(monday, 6)),
                  })}
                </option>
              ))}
            </select>
          </label>
          {buttons("weekly")}
        </div>
        <div className="card" data-testid="quarterly">
          <h3>{t("reports.quarterly")}</h3>
          <p className="muted small">{t("reports.quarterlyHint")}</p>
          <label>
            {t("reports.quarter")}
            <select value={quarterChosen} onChange={(e) => setQuarter(e.target.value)} data-testid="quarter">
              {quarters.map((q, i) => (
                <option key={q} value={q}>
                  {i === 0 ? t("reports.quarterNow", { quarter: quarter(q) }) : quarter(q)}
                </option>
              ))}
            </select>
          </label>
          {buttons("quarterly")}
        </div>
      </div>
      <div className="card" data-testid="appeals-export">
        <h3>{t("reports.appeals")}</h3>
        <p className="muted small">{t("reports.appealsHint")}</p>
        <PeriodControls state={state} onChange={setState} />
        <FilterControls state={state} onChange={setState} />
        {mayReadResidents && (
          <>
            <label className="check">
              <input type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} data-testid="personal" />
              {t("reports.personal")}
            </label>
            <p className="note small" data-testid="audit-warning">
              {t(personal ? "reports.personalAudit" : "reports.audit")}
            </p>
          </>
        )}
        {!mayReadResidents && <p className="muted small">{t("reports.audit")}</p>}
        <div className="buttons">
          <button type="button" disabled={busy} onClick={exportAppeals} data-testid="export-appeals">
            {t("reports.exportAppeals")}
          </button>
        </div>
      </div>
    </section>
  );
}
