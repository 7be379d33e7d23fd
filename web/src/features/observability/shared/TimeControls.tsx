import { useTranslation } from "react-i18next";
import { RangePicker } from "../../../ui/RangePicker";
import { SMALL_BUTTON } from "../../../ui/controls";
import { dateTime } from "./format";
import { isCustom, type TimeWindow, type TimeWindowControls } from "./timeWindow";

/** The range buttons and, after a zoom, the absolute window with a button back to the range. */
export function TimeControls<R extends string>({
  ranges,
  value,
  controls,
  testIdPrefix = "obs-range-",
}: {
  ranges: readonly R[];
  value: TimeWindow<R>;
  controls: TimeWindowControls<R>;
  testIdPrefix?: string;
}) {
  const { t, i18n } = useTranslation();
  const custom = isCustom(value);
  return (
    <div className="flex flex-wrap items-center gap-2">
      {custom && (
        <span data-testid="obs-custom-window" className="flex items-center gap-2 rounded-md bg-teal-50 px-2 py-1 text-sm text-teal-900 dark:bg-teal-500/15 dark:text-teal-200">
          {t("observability.range.custom", { start: dateTime(value.start, i18n.language), end: dateTime(value.end, i18n.language) })}
          <button type="button" data-testid="obs-custom-clear" className={SMALL_BUTTON} onClick={() => controls.setRange(value.range)}>
            {t("observability.range.clear")}
          </button>
        </span>
      )}
      <RangePicker
        ranges={ranges}
        // No button is pressed while an absolute window is shown.
        value={custom ? ("" as R) : value.range}
        onChange={controls.setRange}
        label={t("observability.range.label")}
        optionLabel={(option) => t(`observability.range.options.${option}` as never)}
        testIdPrefix={testIdPrefix}
      />
    </div>
  );
}
