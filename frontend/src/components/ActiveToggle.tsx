import { useI18n } from "../i18n/i18n";

/** A row's state in the admin lists ("Active" / "Inactive") and the link that switches it. */
export function ActiveToggle({ active, onToggle, state = true }: { active: boolean; onToggle: () => void; state?: boolean }) {
  const { t } = useI18n();
  return (
    <>
      {state && (
        <>
          <span className={active ? "badge status-closed" : "badge"}>{active ? t("common.active") : t("common.inactive")}</span>{" "}
        </>
      )}
      <button type="button" className="link" onClick={onToggle}>
        {active ? t("admin.deactivate") : t("admin.activate")}
      </button>
    </>
  );
}
