// A category of the city's catalog, chosen from its spheres (loaded once per screen).
import { gql } from "../api/client";
import { CategoriesDocument } from "../api/documents";
import { useI18n } from "../i18n/i18n";
import { useTenant } from "../tenant/tenant";
import { useLoad } from "./hooks";

interface Props {
  label: string;
  name: string;
  value: string;
  onChange: (id: string) => void;
  /** The text of the empty choice. */
  none: string;
  required?: boolean;
}

export function CategorySelect({ label, name, value, onChange, none, required }: Props) {
  const tenant = useTenant();
  const { pick } = useI18n();
  const categories = useLoad(() => gql(tenant.slug, CategoriesDocument), [tenant.slug]);
  return (
    <label>
      {label}
      <select name={name} required={required} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{none}</option>
        {categories.data?.spheres.map((s) => (
          <optgroup key={s.id} label={pick(s.names)}>
            {s.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {pick(c.names)}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
