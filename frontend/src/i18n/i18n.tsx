// The chosen language, remembered in the browser; `t` reads the texts of that language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { actorText, districtName, eventKey, type DistrictNames } from "./codes";
import {
  formatDate,
  formatDateTime,
  formatDuration,
  formatFileSize,
  formatNumber,
  formatPercent,
  formatQuarter,
  LANGS,
  type Lang,
} from "./format";
import { en, type MessageKey, type Messages } from "./messages/en";
import { kk } from "./messages/kk";
import { ru } from "./messages/ru";

const TEXTS: Record<Lang, Messages> = { kk, ru, en };
const STORAGE_KEY = "qala.lang";

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = TEXTS[lang][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole)) : text;
}

/** Whether a text exists for `key` (a key built from a value the API sends). */
export function hasText(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

/**
 * An enum value's label (`status.IN_PROGRESS`). A value with no text yet (one the API added
 * later) is written as words, never as the code: `NEW_THING` → "New thing".
 */
export function enumLabel(lang: Lang, prefix: string, value: string | null | undefined): string {
  if (!value) return "—";
  const key = `${prefix}.${value}`;
  if (hasText(key)) return translate(lang, key);
  const words = value.replace(/[_-]+/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The remembered language, else the browser's if it is one of ours, else `fallback`. */
export function initialLanguage(fallback: Lang): Lang {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved && (LANGS as string[]).includes(saved)) return saved as Lang;
  const browser = navigator.language.slice(0, 2);
  return (LANGS as string[]).includes(browser) ? (browser as Lang) : fallback;
}

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /** An enum's label: `label("status", "IN_PROGRESS")`. */
  label: (prefix: string, value: string | null | undefined) => string;
  dateTime: (iso: string | null | undefined) => string;
  date: (day: string | null | undefined) => string;
  number: (value: number | null | undefined, digits?: number) => string;
  /** A share (0–1) as a percentage. */
  percent: (share: number | null | undefined, digits?: number) => string;
  /** A span of time in milliseconds, in whole units ("3 days"). */
  duration: (ms: number) => string;
  fileSize: (bytes: number | null | undefined) => string;
  /** A rating quarter (`2026Q4`). */
  quarter: (quarter: string | null | undefined) => string;
  /** A district by its slug. */
  district: (slug: string | null | undefined) => string;
  /** Who acted, from the API's label (`user:5`, `system`, ...). */
  actor: (label: string | null | undefined) => string;
  /** What happened, from a timeline entry's kind. */
  event: (kind: string) => string;
  /** A LocalizedText in the chosen language. */
  pick: (text: { kk: string; ru: string; en: string } | null | undefined) => string;
}

const Context = createContext<I18n | null>(null);

const NO_DISTRICTS: DistrictNames = {};

export function I18nProvider({
  children,
  timeZone,
  fallback,
  districts = NO_DISTRICTS,
}: {
  children: ReactNode;
  timeZone: string;
  fallback: Lang;
  /** The city's districts as the API names them; `district(slug)` falls back on a table without. */
  districts?: DistrictNames;
}) {
  const [lang, setLangState] = useState<Lang>(() => initialLanguage(fallback));
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      label: (prefix, v) => enumLabel(lang, prefix, v),
      dateTime: (iso) => formatDateTime(iso, lang, timeZone),
      date: (day) => formatDate(day, lang),
      number: (v, digits) => formatNumber(v, lang, digits),
      percent: (v, digits) => formatPercent(v, lang, digits),
      duration: (ms) => formatDuration(ms, lang),
      fileSize: (bytes) => formatFileSize(bytes, lang),
      quarter: (q) => formatQuarter(q, lang),
      district: (slug) => districtName(slug, lang, districts),
      actor: (label) => {
        const who = actorText(label);
        return translate(lang, who.key, who.vars);
      },
      event: (kind) => translate(lang, eventKey(kind)),
      pick: (text) => (text ? text[lang] || text.ru || text.kk || text.en : ""),
    }),
    [lang, setLang, timeZone, districts],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang-switch">
      <span className="sr-only">{t("lang.label")}</span>
      <select aria-label={t("lang.label")} value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="language">
        {LANGS.map((l) => (
          <option key={l} value={l}>
            {translate(l, `lang.${l}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );
}
