import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { Schemas } from "../../api/client";
import { INPUT, PRIMARY_BUTTON, SMALL_BUTTON } from "../../ui/controls";
import { Field } from "../../ui/Field";
import { ErrorBanner, TableBodyStates, TableFrame } from "../../ui/ListStates";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Dialog } from "../../ui/Dialog";
import { FormDialog } from "../../ui/FormDialog";
import { FormError } from "../../ui/FormError";
import { OneTimeSecret } from "../../ui/OneTimeSecret";
import { RelativeTime } from "../../ui/RelativeTime";
import { PlainHeader } from "../../ui/SortableHeader";
import { StatusBadge } from "../../ui/StatusBadge";
import { useClusters, type ClusterInfo } from "../layout/useClusters";
import { InstallInstructions } from "./InstallInstructions";
import { useCreateCluster, useRevokeClusterToken, useRotateClusterToken } from "./useClusterAdmin";

type Issued = Schemas["ClusterCreated"] & { fresh: boolean };

export function ClustersAdminPage() {
  const { t } = useTranslation();
  const clusters = useClusters();
  const [creating, setCreating] = useState(false);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [rotating, setRotating] = useState<ClusterInfo | null>(null);
  const [revoking, setRevoking] = useState<ClusterInfo | null>(null);
  const columns = 7;

  const rows = (items: readonly ClusterInfo[]) =>
    items.map((cluster) => (
      <tr key={cluster.id} data-testid="cluster-row" className="border-t border-slate-100 dark:border-slate-800">
        <td className="px-3 py-2">
          <div data-testid="cluster-name" className="font-medium">
            {cluster.name}
          </div>
          <div className="font-mono text-xs text-slate-500">{cluster.id}</div>
        </td>
        <td className="px-3 py-2">
          <StatusBadge status={cluster.status} />
        </td>
        <td className="px-3 py-2 whitespace-nowrap">{cluster.lastSeen ? <RelativeTime iso={cluster.lastSeen} /> : t("fleet.never")}</td>
        <td className="px-3 py-2 font-mono text-xs">{cluster.agentVersion || "—"}</td>
        <td className="px-3 py-2 whitespace-nowrap">{t("admin.clusters.counts", { nodes: cluster.nodeCount, pods: cluster.podCount })}</td>
        <td className="px-3 py-2">
          <RelativeTime iso={cluster.createdAt} />
        </td>
        <td className="space-x-2 px-3 py-2 text-right whitespace-nowrap">
          <button type="button" data-testid="cluster-rotate" className={SMALL_BUTTON} onClick={() => setRotating(cluster)}>
            {t("admin.clusters.rotate")}
          </button>
          <button type="button" data-testid="cluster-revoke" className={SMALL_BUTTON} onClick={() => setRevoking(cluster)}>
            {t("admin.clusters.revoke")}
          </button>
        </td>
      </tr>
    ));

  return (
    <section aria-labelledby="clusters-title" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <div>
          <h1 id="clusters-title" className="text-xl font-semibold">
            {t("admin.clusters.title")}
          </h1>
          <p className="text-sm text-slate-500 dark:text-slate-400">{t("admin.clusters.hint")}</p>
        </div>
        <button type="button" data-testid="cluster-create" className={PRIMARY_BUTTON} onClick={() => setCreating(true)}>
          {t("admin.clusters.create")}
        </button>
      </div>
      {clusters.isError && <ErrorBanner error={clusters.error} onRetry={() => void clusters.refetch()} />}
      <TableFrame
        label={t("admin.clusters.title")}
        testId="clusters-table"
        header={
          <>
            <PlainHeader>{t("admin.clusters.name")}</PlainHeader>
            <PlainHeader>{t("admin.clusters.status")}</PlainHeader>
            <PlainHeader>{t("fleet.lastSeen")}</PlainHeader>
            <PlainHeader>{t("fleet.agentVersion")}</PlainHeader>
            <PlainHeader>{t("admin.clusters.objects")}</PlainHeader>
            <PlainHeader>{t("admin.clusters.created")}</PlainHeader>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t("admin.users.actions")}</span>
            </th>
          </>
        }
      >
        <TableBodyStates items={clusters.data?.items} isError={clusters.isError} colSpan={columns} emptyText={t("admin.clusters.empty")}>
          {rows}
        </TableBodyStates>
      </TableFrame>
      {creating && (
        <CreateClusterDialog
          onClose={() => setCreating(false)}
          onCreated={(created) => {
            setCreating(false);
            setIssued({ ...created, fresh: true });
          }}
        />
      )}
      {rotating && (
        <RotateDialog
          cluster={rotating}
          onClose={() => setRotating(null)}
          onRotated={(created) => {
            setRotating(null);
            setIssued({ ...created, fresh: false });
          }}
        />
      )}
      {revoking && <RevokeDialog cluster={revoking} onClose={() => setRevoking(null)} />}
      {issued && (
        <Dialog
          title={t(issued.fresh ? "admin.clusters.createdTitle" : "admin.clusters.rotatedTitle", { name: issued.name })}
          onClose={() => setIssued(null)}
          closeLabel={t("console.close")}
          testId="cluster-token-dialog"
          footer={
            <button type="button" data-testid="cluster-token-done" className={PRIMARY_BUTTON} onClick={() => setIssued(null)}>
              {t("admin.clusters.done")}
            </button>
          }
        >
          <div className="space-y-4">
            <OneTimeSecret value={issued.token} testId="cluster-token" />
            <InstallInstructions token={issued.token} fresh={issued.fresh} />
          </div>
        </Dialog>
      )}
    </section>
  );
}

function CreateClusterDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (created: Schemas["ClusterCreated"]) => void }) {
  const { t } = useTranslation();
  const create = useCreateCluster();
  const [name, setName] = useState("");
  return (
    <FormDialog
      title={t("admin.clusters.create")}
      testId="cluster-create-dialog"
      submitLabel={t("admin.clusters.createSubmit")}
      submitTestId="cluster-create-submit"
      canSubmit={!create.isPending && name.trim() !== ""}
      onSubmit={() => create.mutate(name.trim(), { onSuccess: onCreated })}
      onClose={onClose}
    >
      <Field label={t("admin.clusters.name")}>
        {(id) => <input id={id} required autoComplete="off" placeholder={t("admin.clusters.namePlaceholder")} value={name} onChange={(e) => setName(e.target.value)} className={INPUT} />}
      </Field>
      {create.isError && <FormError error={create.error} />}
    </FormDialog>
  );
}

function RotateDialog({ cluster, onClose, onRotated }: { cluster: ClusterInfo; onClose: () => void; onRotated: (created: Schemas["ClusterCreated"]) => void }) {
  const { t } = useTranslation();
  const rotate = useRotateClusterToken();
  return (
    <ConfirmDialog
      title={t("admin.clusters.rotateTitle", { name: cluster.name })}
      message={t("admin.clusters.rotateMessage")}
      confirmLabel={t("admin.clusters.rotate")}
      pending={rotate.isPending}
      error={rotate.isError ? rotate.error : undefined}
      onConfirm={() => rotate.mutate(cluster.id, { onSuccess: onRotated })}
      onClose={onClose}
    />
  );
}

function RevokeDialog({ cluster, onClose }: { cluster: ClusterInfo; onClose: () => void }) {
  const { t } = useTranslation();
  const revoke = useRevokeClusterToken();
  return (
    <ConfirmDialog
      title={t("admin.clusters.revokeTitle", { name: cluster.name })}
      message={t("admin.clusters.revokeMessage")}
      confirmLabel={t("admin.clusters.revoke")}
      danger
      pending={revoke.isPending}
      error={revoke.isError ? revoke.error : undefined}
      onConfirm={() => revoke.mutate(cluster.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
