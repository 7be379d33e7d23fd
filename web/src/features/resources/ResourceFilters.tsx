import { useId } from "react";
import { useTranslation } from "react-i18next";
import { SearchBox } from "../../ui/SearchBox";
import type { Filter } from "./kinds";
import type { Plural } from "./types";

interface Props<P extends Plural> {
  filters: readonly Filter<P>[];
  values: Record<string, string>;
  onChange: (filters: Record<string, string>) => void;
}

/** The kind's own filters: a picker when the values are known, a text box otherwise. */
export function ResourceFilters<P extends Plural>({ filters, values, onChange }: Props<P>) {
  const { t } = useTranslation();
  return (
    <>
      {filters.map((filter) =>
        filter.options || filter.boolean ? (
          <FilterSelect
            key={filter.name}
            name={filter.name}
            label={t(`columns.${filter.label}`)}
            value={values[filter.name] ?? ""}
            options={(filter.options ?? ["true", "false"]).map((value) => ({
              value,
              label: filter.boolean ? (value === "true" ? t("resource.yes") : t("resource.no")) : value,
            }))}
            onChange={(value) => onChange({ [filter.name]: value })}
          />
        ) : (
          <SearchBox
            key={filter.name}
            label={t(`columns.${filter.label}`)}
            placeholder={t("resource.exactMatch")}
            value={values[filter.name] ?? ""}
            onChange={(value) => onChange({ [filter.name]: value.trim() })}
            testId={`filter-${filter.name}`}
          />
        ),
      )}
    </>
  );
}

function FilterSelect({
  name,
  label,
  value,
  options,
  onChange,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const known = options.some((option) => option.value === value);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <select
        id={id}
        data-testid={`filter-${name}`}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="max-w-64 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
      >
        <option value="">{t("resource.any")}</option>
        {!known && value && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
