import { useSettledText } from "../lib/useDebouncedValue";
import { INLINE_INPUT } from "./controls";
import { FilterField } from "./Field";

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
  const [text, setText] = useSettledText(value, onChange, delayMs);
  return (
    <FilterField label={label}>
      {(id) => <input id={id} type="search" data-testid={testId} value={text} placeholder={placeholder} onChange={(event) => setText(event.target.value)} className={`${INLINE_INPUT} w-64`} />}
    </FilterField>
  );
}
