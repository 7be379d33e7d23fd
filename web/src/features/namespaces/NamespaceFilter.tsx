import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useNamespaces } from "./useNamespaces";

interface Props {
  cluster: string;
  value: string;
  onChange: (namespace: string) => void;
}

/** A namespace picker; "" means every namespace. */
export function NamespaceFilter({ cluster, value, onChange }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const namespaces = useNamespaces(cluster);
  // With all clusters selected the same name can come from several clusters; list it once.
  const names = [...new Set(namespaces.data?.items.map((row) => row.name))];
  if (value && !names.includes(value)) names.unshift(value);

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {t("list.namespace")}
      </label>
      <select
        id={id}
        data-testid="namespace-filter"
        value={value}
        title={namespaces.isError ? t("list.namespacesError") : undefined}
        onChange={(event) => onChange(event.target.value)}
        className="w-52 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        <option value="">{t("list.allNamespaces")}</option>
        {names.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </div>
  );
}
