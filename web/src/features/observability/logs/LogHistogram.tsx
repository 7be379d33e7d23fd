import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { LazyHistogramChart } from "../shared/charts/LazyCharts";
import { TONE_COLOUR } from "../shared/tones";
import type { HistogramBucket } from "../shared/types";
import { bucketLabel, bucketWindow } from "./brush";

/** Matches per bucket with errors stacked on top; drag across bars (or click one) to zoom in. */
export function LogHistogram({ buckets, stepSeconds, onZoom }: { buckets: HistogramBucket[]; stepSeconds: number; onZoom: (start: string, end: string) => void }) {
  const { t, i18n } = useTranslation();
  const categories = useMemo(() => buckets.map((b) => bucketLabel(b.time, stepSeconds, i18n.language)), [buckets, stepSeconds, i18n.language]);
  const stacks = useMemo(
    () => [
      { name: t("observability.logs.others"), values: buckets.map((b) => Math.max(0, b.count - b.errors)), colour: "#94a3b8" },
      { name: t("observability.logs.errors"), values: buckets.map((b) => b.errors), colour: TONE_COLOUR.bad },
    ],
    [buckets, t],
  );
  return (
    <div>
      <LazyHistogramChart
        label={t("observability.logs.histogram")}
        categories={categories}
        stacks={stacks}
        height={150}
        testId="log-histogram-chart"
        onSelect={(first, last) => {
          const zoom = bucketWindow(buckets, stepSeconds, first, last);
          if (zoom) onZoom(zoom.start, zoom.end);
        }}
      />
      <p className="text-xs text-slate-500 dark:text-slate-400">{t("observability.logs.brushHint")}</p>
    </div>
  );
}
