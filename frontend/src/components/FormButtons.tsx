import { useI18n } from "../i18n/i18n";

/** An admin form's buttons: "Add" (or "Save" while editing a row), and "Cancel" while editing. */
export function FormButtons({ editing, pending, onCancel }: { editing: boolean; pending: boolean; onCancel: () => void }) {
  const { t } = useI18n();
  return (
    <div className="buttons">
      <button type="submit" disabled={pending}>
        {editing ? t("common.save") : t("common.add")}
      </button>
      {editing && (
        <button type="button" className="secondary" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      )}
    </div>
  );
}
