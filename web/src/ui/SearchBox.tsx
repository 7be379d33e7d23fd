import { useEffect, useId, useState } from "react";
import { useDebouncedValue } from "../lib/useDebouncedValue";

interface Props {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  testId: string;
  delayMs?: number;
}

/** A text filter that reports its value once typing pauses for `delayMs` (250 ms). */
export function SearchBox({ label, placeholder, value, onChange, testId, delayMs = 250 }: Props) {
  const id = useId();
  const [text, setText] = useState(value);
  const debounced = useDebouncedValue(text, delayMs);

  // Follow outside changes (back button, cleared URL) without echoing our own.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (debounced !== value) onChange(debounced);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a settled value is reported
  }, [debounced]);

  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600 dark:text-slate-400">
        {label}
      </label>
      <input
        id={id}
        type="search"
        data-testid={testId}
        value={text}
        placeholder={placeholder}
        onChange={(event) => setText(event.target.value)}
        className="w-64 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm outline-none focus:border-teal-600 focus:ring-2 focus:ring-teal-600/30 dark:border-slate-600 dark:bg-slate-900"
      />
    </div>
  );
}
