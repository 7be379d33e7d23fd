import { useId, type ReactNode } from "react";
import { INPUT, LABEL } from "./controls";

export interface FieldProps {
  label: ReactNode;
  /** A line of help under the control. */
  hint?: string;
  className?: string;
  /** The control; it gets the id the label points at. */
  children: (id: string) => ReactNode;
}

/** A label above its form control. */
export function Field({ label, hint, className = "space-y-1", children }: FieldProps) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className={LABEL}>
        {label}
      </label>
      {children(id)}
      {hint && <span className="text-xs text-slate-500 dark:text-slate-400">{hint}</span>}
    </div>
  );
}

/** A `Field` in a row of list filters. */
export function FilterField(props: Omit<FieldProps, "className">) {
  return <Field className="flex flex-col gap-1" {...props} />;
}

/** A password box with its label; `autoComplete` tells password managers which one it is. */
export function PasswordField({
  label,
  value,
  onChange,
  autoComplete = "new-password",
}: {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  autoComplete?: "new-password" | "current-password";
}) {
  return <Field label={label}>{(id) => <input id={id} type="password" autoComplete={autoComplete} value={value} onChange={(e) => onChange(e.target.value)} className={INPUT} />}</Field>;
}

/** A list filter for a local date and time (`datetime-local`, to the minute). */
export function DateTimeFilter({ label, value, onChange, testId }: { label: ReactNode; value: string; onChange: (value: string) => void; testId: string }) {
  return (
    <FilterField label={label}>
      {(id) => <input id={id} type="datetime-local" data-testid={testId} value={value} onChange={(event) => onChange(event.target.value)} className={`${INPUT} w-52`} />}
    </FilterField>
  );
}
