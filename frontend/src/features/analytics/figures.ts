// How the analytics screens write their figures, with the project's formats: a change in words
// against a baseline, a signed change, hours to resolve.
import { useI18n } from "../../i18n/i18n";
import type { MessageKey } from "../../i18n/messages/en";
import { changeWords, type Baseline } from "./period";

/** "2% more than the week before", "19% fewer than the same days a year before". */
export function useChangeText() {
  const { t, percent } = useI18n();
  return (change: number | null | undefined, than: Baseline | "year") => {
    const words = changeWords(change);
    // Two cases of the same words: "more than the week before", "nothing to compare with the week
    // before" (Kazakh: алдыңғы аптадан / алдыңғы аптада).
    const [thanText, whenText] =
      than === "year"
        ? [t("analytics.than.year"), t("analytics.when.year")]
        : than.kind === "week"
          ? [t("analytics.than.week"), t("analytics.when.week")]
          : [t("analytics.than.days", { n: than.days }), t("analytics.when.days", { n: than.days })];
    return t(words.key as MessageKey, { percent: percent(words.share, words.digits), than: thanText, when: whenText });
  };
}

/** A change in percent with its sign ("+12 %", "-5 %"), or a dash when there is nothing to compare. */
export function useSigned() {
  const { percent } = useI18n();
  return (change: number | null | undefined) => {
    const words = changeWords(change);
    if (words.key === "analytics.noBase") return "—";
    const text = percent(words.share, words.digits);
    return words.key === "analytics.more" ? `+${text}` : words.key === "analytics.fewer" ? `-${text}` : text;
  };
}

/** Hours as hours up to two days ("5,5 ч"), as days beyond ("3,5 күн"). */
export function useHours() {
  const { t, number } = useI18n();
  return (hours: number | null | undefined) => {
    if (hours === null || hours === undefined || !Number.isFinite(hours)) return "—";
    if (hours < 48) return t("analytics.hours", { n: number(hours, hours < 10 ? 1 : 0) });
    return t("analytics.days", { n: number(hours / 24, 1) });
  };
}
