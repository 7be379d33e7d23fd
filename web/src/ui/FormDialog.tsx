import { useId, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { BUTTON, PRIMARY_BUTTON } from "./controls";
import { Dialog } from "./Dialog";

interface Props {
  title: ReactNode;
  testId: string;
  submitLabel: string;
  submitTestId: string;
  /** False while the form is incomplete or its mutation is pending. */
  canSubmit: boolean;
  onSubmit: () => void;
  onClose: () => void;
  /** Skip the browser's own validation, for forms that say what is wrong in their own words. */
  noValidate?: boolean;
  children: ReactNode;
}

/** A dialog around one form, with Cancel and a submit button in its footer. */
export function FormDialog({ title, testId, submitLabel, submitTestId, canSubmit, onSubmit, onClose, noValidate, children }: Props) {
  const { t } = useTranslation();
  const formId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      closeLabel={t("console.close")}
      testId={testId}
      footer={
        <>
          <button type="button" className={BUTTON} onClick={onClose}>
            {t("console.cancel")}
          </button>
          <button type="submit" form={formId} data-testid={submitTestId} className={PRIMARY_BUTTON} disabled={!canSubmit}>
            {submitLabel}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-3" noValidate={noValidate}>
        {children}
      </form>
    </Dialog>
  );
}
