import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { CommandPalette } from "./CommandPalette";

const MAC = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);

/** The header's search button; Ctrl-K (⌘K on a Mac) opens the same palette from anywhere. */
export function SearchButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        setOpen((value) => !value);
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const shortcut = MAC ? "⌘K" : "Ctrl K";
  return (
    <>
      <button
        type="button"
        data-testid="search-button"
        aria-keyshortcuts="Control+K Meta+K"
        onClick={() => setOpen(true)}
        className="flex w-64 items-center gap-2 rounded-md border border-slate-300 px-3 py-1 text-sm text-slate-500 hover:bg-slate-100 dark:border-slate-600 dark:text-slate-400 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true">⌕</span>
        <span className="flex-1 text-left">{t("search.button")}</span>
        <kbd className="rounded border border-slate-300 px-1 font-sans text-xs dark:border-slate-600">{shortcut}</kbd>
      </button>
      {open && <CommandPalette onClose={() => setOpen(false)} />}
    </>
  );
}
