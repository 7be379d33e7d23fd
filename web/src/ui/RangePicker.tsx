import { useSearchParams } from "react-router";

/** The time range in the URL's `?range=`, or `fallback` when it names none of `ranges`. */
export function useRangeParam<R extends string>(ranges: readonly R[], fallback: R): [R, (range: R) => void] {
  const [search, setSearch] = useSearchParams();
  const requested = search.get("range");
  const range = (ranges as readonly (string | null)[]).includes(requested) ? (requested as R) : fallback;
  const choose = (option: R) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        next.set("range", option);
        return next;
      },
      { replace: true },
    );
  return [range, choose];
}

/** A row of toggle buttons, one a time range. */
export function RangePicker<R extends string>({
  ranges,
  value,
  onChange,
  label,
  optionLabel,
  testIdPrefix,
}: {
  ranges: readonly R[];
  value: R;
  onChange: (range: R) => void;
  label: string;
  optionLabel: (range: R) => string;
  testIdPrefix: string;
}) {
  return (
    <div role="group" aria-label={label} className="flex gap-1">
      {ranges.map((option) => (
        <button
          key={option}
          type="button"
          aria-pressed={option === value}
          data-testid={`${testIdPrefix}${option}`}
          onClick={() => onChange(option)}
          className={`rounded-md border px-2.5 py-1 text-sm ${
            option === value
              ? "border-teal-600 bg-teal-50 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300"
              : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
          }`}
        >
          {optionLabel(option)}
        </button>
      ))}
    </div>
  );
}
