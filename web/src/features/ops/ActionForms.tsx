import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { INPUT as BASE_INPUT } from "../../ui/controls";
import { Field as BaseField, type FieldProps } from "../../ui/Field";
import { errorMessage } from "../../ui/errorMessage";
import { field, type ActionName } from "./actions";
import { useRevisions, useTemplateContainers } from "./useWorkload";

/** What a form asks for: the command's params (null while the input is not valid yet). */
export interface FormValue {
  params: Record<string, unknown>;
  /** The command's own time limit, when the action runs longer than the default minute. */
  timeoutSeconds?: number;
  /** False while a confirmation (the typed name of what is deleted) is missing. */
  canConfirm: boolean;
}

export interface FormProps {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  object: unknown;
  disabled: boolean;
  onChange: (value: FormValue | null) => void;
}

const INPUT = `${BASE_INPUT} disabled:opacity-60`;

/** Report `value` to the dialog whenever it changes. */
function useReport(onChange: FormProps["onChange"], value: FormValue | null) {
  const key = JSON.stringify(value);
  useEffect(() => {
    onChange(value);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the serialised value is the dependency
  }, [key]);
}

function Field(props: Omit<FieldProps, "className">) {
  return <BaseField className="mb-3 flex flex-col gap-1" {...props} />;
}

function Checkbox({ label, checked, disabled, onChange, testId }: { label: string; checked: boolean; disabled: boolean; onChange: (checked: boolean) => void; testId: string }) {
  return (
    <label className="mb-2 flex items-center gap-2">
      <input type="checkbox" data-testid={testId} checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} />
      <span>{label}</span>
    </label>
  );
}

function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const value = Number(text);
  return value >= min && value <= max ? value : null;
}

function NoInputs({ onChange }: FormProps) {
  useReport(onChange, { params: {}, canConfirm: true });
  return null;
}

function ScaleForm({ object, disabled, onChange }: FormProps) {
  const { t } = useTranslation();
  const current = field(object, "replicas");
  const [replicas, setReplicas] = useState(typeof current === "number" ? String(current) : "1");
  const value = wholeNumber(replicas, 0, 10_000);
  useReport(onChange, value === null ? null : { params: { replicas: value }, canConfirm: true });
  return (
    <Field label={t("ops.fields.replicas")} hint={typeof current === "number" ? t("ops.fields.currentReplicas", { count: current }) : undefined}>
      {(id) => (
        <input
          id={id}
          type="number"
          min={0}
          max={10_000}
          data-autofocus
          data-testid="scale-replicas"
          className={INPUT}
          value={replicas}
          disabled={disabled}
          onChange={(event) => setReplicas(event.target.value)}
        />
      )}
    </Field>
  );
}

function UpdateImageForm({ cluster, kind, namespace, name, disabled, onChange }: FormProps) {
  const { t } = useTranslation();
  const containers = useTemplateContainers(cluster, kind, namespace, name);
  const [container, setContainer] = useState("");
  const [image, setImage] = useState("");
  const list = containers.data ?? [];
  const chosen = list.find((c) => c.name === container) ?? list[0];

  // Prefill with the chosen container's current image, once known and on every change of choice.
  useEffect(() => {
    if (chosen) setImage(chosen.image);
  }, [chosen?.name, chosen?.image]); // eslint-disable-line react-hooks/exhaustive-deps

  const trimmed = image.trim();
  useReport(
    onChange,
    chosen && trimmed && trimmed !== chosen.image ? { params: { container: chosen.name, image: trimmed }, canConfirm: true } : null,
  );

  if (containers.isPending) return <p role="status">{t("ops.loadingContainers")}</p>;
  if (containers.isError) {
    return (
      <p role="alert" className="text-red-700 dark:text-red-300">
        {t("ops.containersError", { message: errorMessage(containers.error, t) })}
      </p>
    );
  }
  return (
    <>
      {list.length > 1 && (
        <Field label={t("ops.fields.container")}>
          {(id) => (
            <select id={id} data-testid="image-container" className={INPUT} value={chosen?.name ?? ""} disabled={disabled} onChange={(event) => setContainer(event.target.value)}>
              {list.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field
        label={list.length === 1 && chosen ? t("ops.fields.imageOf", { container: chosen.name }) : t("ops.fields.image")}
        hint={chosen ? t("ops.fields.currentImage", { image: chosen.image }) : undefined}
      >
        {(id) => (
          <input
            id={id}
            data-autofocus
            data-testid="image-input"
            className={`${INPUT} font-mono`}
            value={image}
            disabled={disabled}
            spellCheck={false}
            onChange={(event) => setImage(event.target.value)}
          />
        )}
      </Field>
    </>
  );
}

function RollbackForm({ cluster, namespace, name, object, disabled, onChange }: FormProps) {
  const { t } = useTranslation();
  const revisions = useRevisions(cluster, namespace, name);
  const current = Number(field(object, "revision") ?? 0);
  const [revision, setRevision] = useState("");
  useReport(onChange, { params: revision ? { revision: Number(revision) } : {}, canConfirm: true });
  const older = (revisions.data ?? []).filter((row) => row.revision !== current);
  return (
    <Field
      label={t("ops.fields.revision")}
      hint={
        revisions.isPending
          ? t("ops.loadingRevisions")
          : revisions.isError
            ? t("ops.revisionsError", { message: errorMessage(revisions.error, t) })
            : current > 0
              ? t("ops.fields.currentRevision", { revision: current })
              : undefined
      }
    >
      {(id) => (
        <select id={id} data-autofocus data-testid="rollback-revision" className={INPUT} value={revision} disabled={disabled} onChange={(event) => setRevision(event.target.value)}>
          <option value="">{t("ops.fields.previousRevision")}</option>
          {older.map((row) => (
            <option key={row.revision} value={String(row.revision)}>
              {t("ops.fields.revisionOption", { revision: row.revision, images: row.images })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** The Agent's DrainParams (model/commands.py), with its defaults. */
function DrainForm({ disabled, onChange }: FormProps) {
  const { t } = useTranslation();
  const [ignoreDaemonsets, setIgnoreDaemonsets] = useState(true);
  const [deleteEmptydirData, setDeleteEmptydirData] = useState(true);
  const [grace, setGrace] = useState("");
  const [limit, setLimit] = useState("60");
  const graceSeconds = grace.trim() === "" ? undefined : wholeNumber(grace, 0, 3600);
  const timeoutSeconds = wholeNumber(limit, 1, 3600);
  useReport(
    onChange,
    graceSeconds === null || timeoutSeconds === null
      ? null
      : {
          params: { ignoreDaemonsets, deleteEmptydirData, timeoutSeconds, ...(graceSeconds === undefined ? {} : { gracePeriodSeconds: graceSeconds }) },
          // Evictions are retried until the drain's own limit; the command must outlast it.
          timeoutSeconds: timeoutSeconds + 30,
          canConfirm: true,
        },
  );
  return (
    <>
      <Checkbox label={t("ops.fields.ignoreDaemonsets")} checked={ignoreDaemonsets} disabled={disabled} onChange={setIgnoreDaemonsets} testId="drain-ignore-daemonsets" />
      <Checkbox label={t("ops.fields.deleteEmptydirData")} checked={deleteEmptydirData} disabled={disabled} onChange={setDeleteEmptydirData} testId="drain-delete-emptydir" />
      <div className="grid grid-cols-2 gap-3">
        <Field label={t("ops.fields.gracePeriod")} hint={t("ops.fields.gracePeriodHint")}>
          {(id) => <input id={id} type="number" min={0} max={3600} data-testid="drain-grace" className={INPUT} value={grace} disabled={disabled} onChange={(event) => setGrace(event.target.value)} />}
        </Field>
        <Field label={t("ops.fields.timeout")}>
          {(id) => <input id={id} type="number" min={1} max={3600} data-testid="drain-timeout" className={INPUT} value={limit} disabled={disabled} onChange={(event) => setLimit(event.target.value)} />}
        </Field>
      </div>
    </>
  );
}

function DeleteForm({ name, disabled, onChange }: FormProps) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState("");
  useReport(onChange, { params: {}, canConfirm: typed === name });
  return (
    <Field label={t("ops.fields.confirmName", { name })}>
      {(id) => (
        <input
          id={id}
          data-autofocus
          data-testid="delete-confirm-name"
          className={`${INPUT} font-mono`}
          autoComplete="off"
          spellCheck={false}
          value={typed}
          disabled={disabled}
          onChange={(event) => setTyped(event.target.value)}
        />
      )}
    </Field>
  );
}

export const FORMS: Record<ActionName, (props: FormProps) => ReactNode> = {
  scale: ScaleForm,
  restart: NoInputs,
  rollback: RollbackForm,
  update_image: UpdateImageForm,
  delete: DeleteForm,
  cordon: NoInputs,
  uncordon: NoInputs,
  drain: DrainForm,
};
