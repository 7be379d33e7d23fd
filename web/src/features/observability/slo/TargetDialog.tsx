import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Field } from "../../../ui/Field";
import { FormDialog } from "../../../ui/FormDialog";
import { FormError } from "../../../ui/FormError";
import { BUTTON, INPUT } from "../../../ui/controls";
import type { SloView } from "../shared/types";
import { useSloTarget } from "./useSlo";

/** Percent with up to three decimals, as typed into the form (0.999 → "99.9"). */
function percentText(value: number): string {
  return String(Math.round(value * 100_000) / 1000);
}

/** A share typed as a percentage, when the Master would accept it (50 % … 99.999 %). */
function shareOf(text: string): number | null {
  const value = Number(text);
  return text.trim() !== "" && Number.isFinite(value) && value >= 50 && value <= 99.999 ? value / 100 : null;
}

/** An operator's dialog to set an item's availability and latency targets, or reset them. */
export function TargetDialog({ cluster, item, onClose }: { cluster: string; item: SloView; onClose: () => void }) {
  const { t } = useTranslation();
  const { save, reset } = useSloTarget(cluster);
  const [availability, setAvailability] = useState(percentText(item.target.availability));
  const [latencyMs, setLatencyMs] = useState(String(item.target.latencyMs));
  const [objective, setObjective] = useState(percentText(item.target.latencyObjective));
  const availabilityShare = shareOf(availability);
  const objectiveShare = shareOf(objective);
  const latency = Number(latencyMs);
  const latencyOk = latencyMs.trim() !== "" && Number.isFinite(latency) && latency > 0;
  const valid = availabilityShare !== null && objectiveShare !== null && latencyOk;
  const busy = save.isPending || reset.isPending;

  const submit = () => {
    if (!valid) return;
    save.mutate({ kind: item.kind, name: item.name, availability: availabilityShare, latencyMs: latency, latencyObjective: objectiveShare }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={t("observability.slo.editTitle", { name: item.hosts.length ? item.hosts.join(", ") : item.name })}
      testId="slo-target-dialog"
      submitLabel={t("observability.slo.save")}
      submitTestId="slo-target-save"
      canSubmit={valid && !busy}
      onSubmit={submit}
      onClose={onClose}
      noValidate
    >
      <Field label={t("observability.slo.availabilityField")} hint={t("observability.slo.percentHint")}>
        {(id) => <input id={id} data-autofocus data-testid="slo-availability" inputMode="decimal" value={availability} onChange={(e) => setAvailability(e.target.value)} aria-invalid={availabilityShare === null} className={INPUT} />}
      </Field>
      <Field label={t("observability.slo.latencyField")}>
        {(id) => <input id={id} data-testid="slo-latency" inputMode="numeric" value={latencyMs} onChange={(e) => setLatencyMs(e.target.value)} aria-invalid={!latencyOk} className={INPUT} />}
      </Field>
      <Field label={t("observability.slo.objectiveField")} hint={t("observability.slo.objectiveHint")}>
        {(id) => <input id={id} data-testid="slo-objective" inputMode="decimal" value={objective} onChange={(e) => setObjective(e.target.value)} aria-invalid={objectiveShare === null} className={INPUT} />}
      </Field>
      {!valid && <p className="text-xs text-amber-700 dark:text-amber-400">{t("observability.slo.invalid")}</p>}
      {(save.isError || reset.isError) && <FormError error={save.error ?? reset.error} />}
      {item.target.custom && (
        <div className="border-t border-slate-200 pt-3 dark:border-slate-700">
          <button type="button" data-testid="slo-target-reset" className={BUTTON} disabled={busy} onClick={() => reset.mutate({ kind: item.kind, name: item.name }, { onSuccess: onClose })}>
            {t("observability.slo.reset")}
          </button>
          <p className="mt-1 text-xs text-slate-500">{t("observability.slo.resetHint")}</p>
        </div>
      )}
    </FormDialog>
  );
}
