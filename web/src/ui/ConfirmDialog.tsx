import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BUTTON, DANGER_BUTTON, PRIMARY_BUTTON } from "./controls";
import { Dialog } from "./Dialog";
import { FormError } from "./FormError";

interface Props {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  /** The mutation's error, shown in words; undefined while there is none. */
  error?: unknown;
  danger?: boolean;
}

/** "Are you sure?" for one action, with its failure in words. */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onClose, pending = false, error, danger = false }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onClose={onClose}
      closeLabel={t("console.close")}
      testId="confirm-dialog"
      footer={
        <>
          <button type="button" onClick={onClose} className={BUTTON}>
            {t("console.cancel")}
          </button>
          <button type="button" data-testid="confirm" data-autofocus disabled={pending} onClick={onConfirm} className={danger ? DANGER_BUTTON : PRIMARY_BUTTON}>
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="space-y-3">
        <div>{message}</div>
        {error !== undefined && <FormError error={error} />}
      </div>
    </Dialog>
  );
}
