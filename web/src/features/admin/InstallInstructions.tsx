import { useTranslation } from "react-i18next";
import { CopyButton } from "../../ui/CopyButton";

/**
 * How to start the cluster's Agent with its token, using the names in deploy/agent/: the
 * `atlhyper` namespace, the `atlhyper-agent-token` Secret (key AGENT_TOKEN) and the
 * `atlhyper-agent` ConfigMap (AGENT_MASTER_URL) and Deployment.
 */
export function installCommands(token: string, masterUrl: string, fresh: boolean): string {
  const secret =
    `kubectl -n atlhyper create secret generic atlhyper-agent-token --from-literal=AGENT_TOKEN=${token} ` +
    "--dry-run=client -o yaml | kubectl apply -f -";
  const lines = fresh
    ? [
        "kubectl apply -k deploy/agent/",
        secret,
        `kubectl -n atlhyper patch configmap atlhyper-agent --type merge -p '{"data":{"AGENT_MASTER_URL":"${masterUrl}"}}'`,
        "kubectl -n atlhyper rollout restart deployment/atlhyper-agent",
      ]
    : [secret, "kubectl -n atlhyper rollout restart deployment/atlhyper-agent"];
  return lines.join("\n");
}

export function workstationCommand(token: string, masterUrl: string): string {
  return `AGENT_TOKEN=${token} .venv/bin/atlhyper agent --master-url ${masterUrl} --kubeconfig ~/.kube/config`;
}

const CODE = "min-w-0 flex-1 rounded-md bg-slate-900 px-3 py-2 font-mono text-xs break-all whitespace-pre-wrap text-slate-100";

/** The commands to run next, for a new cluster (`fresh`) or after a rotation. */
export function InstallInstructions({ token, fresh }: { token: string; fresh: boolean }) {
  const { t } = useTranslation();
  const masterUrl = window.location.origin;
  const inCluster = installCommands(token, masterUrl, fresh);
  const workstation = workstationCommand(token, masterUrl);
  return (
    <div className="space-y-3 text-sm">
      <div className="space-y-1">
        <h3 className="font-medium">{fresh ? t("admin.clusters.install.inCluster") : t("admin.clusters.install.update")}</h3>
        {fresh && <p className="text-xs text-slate-600 dark:text-slate-400">{t("admin.clusters.install.image")}</p>}
        <div className="flex items-start gap-2">
          <pre data-testid="install-command" className={CODE}>
            {inCluster}
          </pre>
          <CopyButton text={inCluster} label={t("console.copy")} copiedLabel={t("console.copied")} testId="install-command-copy" />
        </div>
        <p className="text-xs text-slate-600 dark:text-slate-400">{t("admin.clusters.install.masterUrl", { url: masterUrl })}</p>
        {fresh && <p className="text-xs text-slate-600 dark:text-slate-400">{t("admin.clusters.install.reapply")}</p>}
      </div>
      <div className="space-y-1">
        <h3 className="font-medium">{t("admin.clusters.install.workstation")}</h3>
        <div className="flex items-start gap-2">
          <pre data-testid="workstation-command" className={CODE}>
            {workstation}
          </pre>
          <CopyButton text={workstation} label={t("console.copy")} copiedLabel={t("console.copied")} testId="workstation-command-copy" />
        </div>
      </div>
    </div>
  );
}
