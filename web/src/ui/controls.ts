/** Class names of the form controls, so every form in the console looks the same. */

export const BUTTON =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium enabled:hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:enabled:hover:bg-slate-800";
export const PRIMARY_BUTTON =
  "rounded-md bg-teal-700 px-3 py-1.5 text-sm font-medium text-white enabled:hover:bg-teal-800 disabled:opacity-60";
export const DANGER_BUTTON =
  "rounded-md bg-red-700 px-3 py-1.5 text-sm font-medium text-white enabled:hover:bg-red-800 disabled:opacity-60";
export const INPUT =
  "w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm outline-none focus:border-teal-600 focus:ring-2 focus:ring-teal-600/30 dark:border-slate-600 dark:bg-slate-900";
/** INPUT without its full width, for a box that sets its own (in a row of filters, beside a button). */
export const INLINE_INPUT = INPUT.replace("w-full ", "");
export const SMALL_BUTTON =
  "rounded-md border border-slate-300 px-2 py-0.5 text-xs font-medium enabled:hover:bg-slate-100 disabled:opacity-50 dark:border-slate-600 dark:enabled:hover:bg-slate-800";
export const LABEL = "block text-xs font-medium text-slate-600 dark:text-slate-400";
export const CARD = "rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";
export const FILTER_SELECT = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900";
