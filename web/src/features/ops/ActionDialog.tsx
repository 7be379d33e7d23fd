import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { BUTTON, DANGER_BUTTON, PRIMARY_BUTTON } from "../../ui/controls";
import { Dialog } from "../../ui/Dialog";
import { errorMessage } from "../../ui/errorMessage";
import { FORMS, type FormValue } from "./ActionForms";
import { PREVIEW_ON_OPEN, type ActionName } from "./actions";
import { CommandSummary } from "./CommandSummary";
import { budgetsByPod, summarize } from "./outputs";
import { useCommand, type CommandRequest, type CommandView } from "./useCommand";

interface Props {
  action: ActionName;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  object: unknown;
  onClose: () => void;
}

function paramsKey(request: Pick<CommandRequest, "params" | "timeoutSeconds"> | undefined | null): string | null {
  return request ? JSON.stringify([request.params, request.timeoutSeconds]) : null;
}

/** The Agent's answer in words: a summary on success, the error (and any progress) otherwise. */
function Outcome({ view, dryRun, budgets, testId }: { view: CommandView; dryRun: boolean; budgets?: Map<string, string>; testId: string }) {
  const { t } = useTranslation();
  const output = view.result?.output;
  const ok = view.status === "success";
  const message = view.result?.error || t("errors.unknown");
  return (
    <div data-testid={testId} data-status={view.status} className="space-y-2">
      {ok ? (
        <p className="font-medium text-emerald-700 dark:text-emerald-300">{t(dryRun ? "ops.previewOk" : "ops.outcome.success")}</p>
      ) : (
        <p role="alert" className="font-medium text-red-700 dark:text-red-300">
          {dryRun ? t("ops.previewFailed", { message }) : t(`ops.outcome.${outcomeKey(view.status)}`, { message })}
        </p>
      )}
      {output !== null && output !== undefined && <CommandSummary summary={summarize(output, budgets)} dryRun={dryRun} />}
    </div>
  );
}

function outcomeKey(status: string): "failed" | "timeout" | "rejected" | "cancelled" {
  return status === "timeout" || status === "rejected" || status === "cancelled" ? status : "failed";
}

/**
 * One operation: its inputs, then a dry run whose preview must succeed for the current inputs
 * before Confirm runs the command for real and shows the Agent's result.
 */
export function ActionDialog({ action, cluster, kind, namespace, name, object, onClose }: Props) {
  const { t } = useTranslation();
  const [value, setValue] = useState<FormValue | null>(null);
  const preview = useCommand();
  const apply = useCommand();
  const Form = FORMS[action];

  const request: CommandRequest | null = value && {
    clusterId: cluster,
    action,
    target: { kind, namespace, name },
    params: value.params,
    timeoutSeconds: value.timeoutSeconds ?? 60,
  };
  const runPreview = () => {
    if (request) preview.mutate({ ...request, dryRun: true });
  };

  // Actions with nothing to fill in start their dry run at once (and only once).
  const started = useRef(false);
  useEffect(() => {
    if (PREVIEW_ON_OPEN.has(action) && request && !started.current) {
      started.current = true;
      runPreview();
    }
  });

  const previewed = preview.data !== undefined && paramsKey(preview.variables) === paramsKey(request);
  const previewOk = previewed && preview.data?.status === "success";
  const done = apply.data !== undefined;
  const busy = preview.isPending || apply.isPending;

  const footer = done ? (
    <button type="button" className={BUTTON} data-testid="action-close" onClick={onClose}>
      {t("ops.buttons.close")}
    </button>
  ) : (
    <>
      <button type="button" className={BUTTON} data-testid="action-cancel" onClick={onClose}>
        {t("ops.buttons.cancel")}
      </button>
      {previewOk ? (
        <button
          type="button"
          className={action === "delete" || action === "drain" ? DANGER_BUTTON : PRIMARY_BUTTON}
          data-testid="action-confirm"
          disabled={busy || !value?.canConfirm}
          onClick={() => request && apply.mutate(request)}
        >
          {t("ops.buttons.confirm", { action: t(`ops.actions.${action}`) })}
        </button>
      ) : (
        <button type="button" className={PRIMARY_BUTTON} data-testid="action-preview" disabled={busy || !request} onClick={runPreview}>
          {t("ops.buttons.preview")}
        </button>
      )}
    </>
  );

  const objectName = namespace ? `${namespace}/${name}` : name;
  return (
    <Dialog
      title={t("ops.title", { action: t(`ops.actions.${action}`), kind, name: objectName })}
      onClose={onClose}
      footer={footer}
      testId={`action-dialog-${action}`}
      closeLabel={t("ops.buttons.close")}
    >
      <p className="mb-4 text-slate-600 dark:text-slate-300">{t(`ops.descriptions.${action}`)}</p>
      <Form cluster={cluster} kind={kind} namespace={namespace} name={name} object={object} disabled={apply.isPending || done} onChange={setValue} />

      <section aria-live="polite" aria-label={t("ops.previewTitle")} className="mt-4">
        {preview.isPending && <p role="status">{t("ops.previewing")}</p>}
        {preview.isError && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {t("ops.requestFailed", { message: errorMessage(preview.error, t) })}
          </p>
        )}
        {previewed && preview.data && !done && !apply.isPending && (
          <div className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 dark:border-slate-700 dark:bg-slate-800/50">
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">{t("ops.previewTitle")}</h3>
            <Outcome view={preview.data} dryRun testId="action-preview-result" />
            {action === "drain" && previewOk && budgetsByPod(preview.data.result?.output).size > 0 && (
              <p className="mt-2 text-xs">{t("ops.blockedWarning", { seconds: Number(value?.params.timeoutSeconds ?? 60) })}</p>
            )}
          </div>
        )}
      </section>

      <section aria-live="polite" aria-label={t("ops.resultTitle")}>
        {apply.isPending && <p role="status">{t("ops.applying")}</p>}
        {apply.isError && (
          <p role="alert" className="text-red-700 dark:text-red-300">
            {t("ops.requestFailed", { message: errorMessage(apply.error, t) })}
          </p>
        )}
        {apply.data && <Outcome view={apply.data} dryRun={false} budgets={budgetsByPod(preview.data?.result?.output)} testId="action-result" />}
      </section>
    </Dialog>
  );
}
