import { useEffect, useState } from "react";

/** `value`, once it has stayed unchanged for `delayMs`. */
export function useDebouncedValue<T>(value: T, delayMs = 250): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(id);
  }, [value, delayMs]);
  return debounced;
}

/**
 * The text of a filter box: it follows `value` when that changes from outside (back button, a
 * cleared URL), and hands what is typed to `report` once typing pauses for `delayMs`, never
 * echoing `value` itself.
 */
export function useSettledText(value: string, report: (text: string) => void, delayMs = 250): [string, (text: string) => void] {
  const [text, setText] = useState(value);
  const settled = useDebouncedValue(text, delayMs);
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (settled !== value) report(settled);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only a settled value is reported
  }, [settled]);
  return [text, setText];
}
