// The chosen language, remembered in the browser; `t` reads the texts of that language.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { formatDate, formatDateTime, formatNumber, LANGS, type Lang } from "./format";
import { en, type MessageKey, type Messages } from "./messages/en";
import { kk } from "./messages/kk";
import { ru } from "./messages/ru";

const TEXTS: Record<Lang, Messages> = { kk, ru, en };
const STORAGE_KEY = "qala.lang";

export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = TEXTS[lang][key] ?? en[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole)) : text;
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
  /** A LocalizedText in the chosen language. */
  pick: (text: { kk: string; ru: string; en: string } | null | undefined) => string;
}

const Context = createContext<I18n | null>(null);

export function I18nProvider({ children, timeZone, fallback }: { children: ReactNode; timeZone: string; fallback: Lang }) {
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
      label: (prefix, v) => (v ? translate(lang, `${prefix}.${v}` as MessageKey) : "—"),
      dateTime: (iso) => formatDateTime(iso, lang, timeZone),
      date: (day) => formatDate(day, lang),
      number: (v, digits) => formatNumber(v, lang, digits),
      pick: (text) => (text ? text[lang] || text.ru || text.kk || text.en : ""),
    }),
    [lang, setLang, timeZone],
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
