import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useHasRole } from "../layout/roles";
import { ActionDialog } from "./ActionDialog";
import { actionsFor, type ActionName } from "./actions";

export interface ResourceActionsProps {
  cluster: string;
  /** The Kubernetes Kind, e.g. "Deployment". */
  kind: string;
  namespace: string;
  name: string;
  /** The object as the detail route returns it (replicas, containers, unschedulable…). */
  object: unknown;
}

const BUTTON =
  "rounded-md border px-3 py-1.5 text-sm font-medium hover:bg-slate-100 dark:hover:bg-slate-800";
const NEUTRAL = `${BUTTON} border-slate-300 dark:border-slate-600`;
const DANGER = `${BUTTON} border-red-300 text-red-700 dark:border-red-800 dark:text-red-300`;

/** The operations an operator may run on this object, each behind a dry-run-first dialog. */
export function ResourceActions({ cluster, kind, namespace, name, object }: ResourceActionsProps) {
  const { t } = useTranslation();
  const operator = useHasRole("operator");
  const [open, setOpen] = useState<ActionName | null>(null);
  if (!operator) return null;

  return (
    <div role="group" aria-label={t("ops.actionsLabel")} data-testid="resource-actions" className="flex flex-wrap gap-2">
      {actionsFor(kind, object).map((action) => (
        <button
          key={action}
          type="button"
          data-testid={`action-${action}`}
          aria-haspopup="dialog"
          className={action === "delete" || action === "drain" ? DANGER : NEUTRAL}
          onClick={() => setOpen(action)}
        >
          {t(`ops.actions.${action}`)}
        </button>
      ))}
      {open && (
        <ActionDialog
          key={open}
          action={open}
          cluster={cluster}
          kind={kind}
          namespace={namespace}
          name={name}
          object={object}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
