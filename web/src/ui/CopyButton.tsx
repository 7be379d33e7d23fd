import { useEffect, useState } from "react";

interface Props {
  text: string;
  label: string;
  /** Shown for two seconds after a successful copy. */
  copiedLabel: string;
  testId?: string;
}

/** Copies `text` to the clipboard. */
export function CopyButton({ text, label, copiedLabel, testId = "copy" }: Props) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const id = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(id);
  }, [copied]);

  return (
    <button
      type="button"
      data-testid={testId}
      onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
      className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
    >
      <span aria-live="polite">{copied ? copiedLabel : label}</span>
    </button>
  );
}
