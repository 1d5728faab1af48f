import { useI18n } from "../i18n/i18n";

/** The "deactivate / activate" link of a row in the admin lists. */
export function ActiveToggle({ active, onToggle }: { active: boolean; onToggle: () => void }) {
  const { t } = useI18n();
  return (
    <button type="button" className="link" onClick={onToggle}>
      {active ? t("admin.deactivate") : t("admin.activate")}
    </button>
  );
}
