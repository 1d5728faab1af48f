import { useI18n } from "../i18n/i18n";

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const { label } = useI18n();
  return <span className={`badge status-${(status ?? "").toLowerCase()}`}>{label("status", status)}</span>;
}
