import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useDebouncedValue } from "../../lib/useDebouncedValue";
import { errorMessage } from "../../ui/errorMessage";
import { useMe } from "../auth/useAuth";
import { CONSOLE_NAV_BOTTOM, CONSOLE_NAV_TOP, type ConsoleNavGroup } from "../layout/navigation";
import { hasRole } from "../layout/roles";
import { RESOURCE_NAV } from "../resources/navigation";
import { MIN_QUERY, SEARCH_KINDS, useGlobalSearch } from "./useGlobalSearch";

interface Option {
  id: string;
  group: string;
  label: string;
  detail: string;
  path: string;
}

/** Pages of the side navigation the user may open, as palette entries. */
function usePages(): { label: string; path: string }[] {
  const { t } = useTranslation();
  const role = useMe().data?.role;
  const groups: ConsoleNavGroup[] = [...CONSOLE_NAV_TOP, ...RESOURCE_NAV, ...CONSOLE_NAV_BOTTOM];
  return groups.flatMap((group) =>
    group.entries
      .filter((entry) => entry.role === undefined || hasRole(role, entry.role))
      .map((entry) => ({ label: t(entry.label as never), path: entry.to })),
  );
}

/**
 * Ctrl/Cmd-K search: pages by name, and objects of the main kinds across every cluster.
 * Arrow keys move, Enter opens, Escape closes.
 */
export function CommandPalette({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState("");
  const [active, setActive] = useState(0);
  const query = useDebouncedValue(text, 200);
  const results = useGlobalSearch(query);
  const pages = usePages();
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const base = useId();

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    input.current?.focus();
    return () => previous?.focus();
  }, []);

  const needle = text.trim().toLowerCase();
  const options = useMemo<Option[]>(() => {
    const found: Option[] = pages
      .filter((page) => needle === "" || page.label.toLowerCase().includes(needle))
      .map((page) => ({ id: `page:${page.path}`, group: t("search.pages"), label: page.label, detail: page.path, path: page.path }));
    SEARCH_KINDS.forEach((kind, index) => {
      for (const hit of results[index]?.data ?? []) {
        found.push({
          id: `${kind}:${hit.cluster}/${hit.namespace}/${hit.name}`,
          group: t(`kinds.${kind}.title`),
          label: hit.name,
          detail: hit.namespace ? `${hit.clusterName} · ${hit.namespace}` : hit.clusterName,
          path: hit.path,
        });
      }
    });
    return found;
  }, [pages, needle, results, t]);

  // A new result set starts at its first entry.
  useEffect(() => setActive(0), [options.length, query]);

  const open = (option: Option | undefined) => {
    if (!option) return;
    onClose();
    void navigate(option.path);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setActive((index) => (options.length === 0 ? 0 : (index + 1) % options.length));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => (options.length === 0 ? 0 : (index - 1 + options.length) % options.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      open(options[active]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "Tab") {
      // The input is the only stop; the list is driven by the arrow keys.
      event.preventDefault();
    }
  };

  useEffect(() => {
    document.getElementById(`${base}-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [active, base]);

  const searching = needle.length >= MIN_QUERY && (text.trim() !== query.trim() || results.some((result) => result.isFetching));
  const failed = results.find((result) => result.isError);
  const groups = options.reduce<{ name: string; items: { option: Option; index: number }[] }[]>((all, option, index) => {
    const last = all.at(-1);
    if (last && last.name === option.group) last.items.push({ option, index });
    else all.push({ name: option.group, items: [{ option, index }] });
    return all;
  }, []);

  return createPortal(
    <div
      className="fixed inset-0 z-50 flex items-start justify-center bg-slate-900/50 px-4 pt-[12vh]"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-label={t("search.title")}
        data-testid="command-palette"
        onKeyDown={onKeyDown}
        className="w-full max-w-2xl overflow-hidden rounded-xl border border-slate-200 bg-white shadow-2xl dark:border-slate-700 dark:bg-slate-900"
      >
        <div className="flex items-center gap-2 border-b border-slate-200 px-4 dark:border-slate-700">
          <span aria-hidden="true" className="text-slate-400">
            ⌕
          </span>
          <input
            ref={input}
            role="combobox"
            aria-expanded={options.length > 0}
            aria-controls={listId}
            aria-activedescendant={options.length > 0 ? `${base}-${active}` : undefined}
            aria-autocomplete="list"
            aria-label={t("search.title")}
            data-testid="palette-input"
            value={text}
            placeholder={t("search.placeholder")}
            onChange={(event) => setText(event.target.value)}
            className="w-full bg-transparent py-3 text-base outline-none"
          />
          {searching && (
            <span role="status" data-testid="palette-searching" className="text-xs whitespace-nowrap text-slate-500">
              {t("search.searching")}
            </span>
          )}
        </div>
        <div id={listId} role="listbox" aria-label={t("search.results")} className="max-h-[60vh] overflow-y-auto py-2">
          {groups.map((group) => (
            <div key={group.name} role="group" aria-label={group.name} data-testid="palette-group">
              <div className="px-4 pt-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">{group.name}</div>
              {group.items.map(({ option, index }) => (
                <div
                  key={option.id}
                  id={`${base}-${index}`}
                  role="option"
                  aria-selected={index === active}
                  data-testid="palette-option"
                  onMouseMove={() => setActive(index)}
                  onClick={() => open(option)}
                  className={`mx-2 flex cursor-pointer items-baseline justify-between gap-3 rounded-md px-3 py-1.5 text-sm ${
                    index === active ? "bg-teal-50 text-teal-900 dark:bg-teal-500/15 dark:text-teal-200" : ""
                  }`}
                >
                  <span className="truncate font-medium">{option.label}</span>
                  <span className="truncate text-xs text-slate-500 dark:text-slate-400">{option.detail}</span>
                </div>
              ))}
            </div>
          ))}
          {options.length === 0 && (
            <p data-testid="palette-empty" className="px-4 py-6 text-center text-sm text-slate-500">
              {needle.length < MIN_QUERY ? t("search.typeMore", { count: MIN_QUERY }) : searching ? t("search.searching") : t("search.nothing", { text: text.trim() })}
            </p>
          )}
          {failed && (
            <p role="alert" className="px-4 py-2 text-xs text-red-700 dark:text-red-300">
              {t("search.failed", { message: errorMessage(failed.error, t) })}
            </p>
          )}
        </div>
        <div className="flex gap-4 border-t border-slate-200 px-4 py-2 text-xs text-slate-500 dark:border-slate-700 dark:text-slate-400">
          <span>{t("search.keysMove")}</span>
          <span>{t("search.keysOpen")}</span>
          <span>{t("search.keysClose")}</span>
        </div>
      </div>
    </div>,
    document.body,
  );
}
