/** The raw object as YAML; loaded lazily, since the YAML library is only needed here. */
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { stringify } from "yaml";
import { CopyButton } from "../../../ui/CopyButton";
import type { Plural } from "../types";
import { useLiveObject } from "../useLiveObject";
import { LiveError } from "./LiveError";
import { Panel } from "./Panel";

interface Props {
  plural: Plural;
  cluster: string;
  namespace: string;
  name: string;
  /** The Master's compact object: shown for Secrets, and when the live read fails. */
  object: unknown;
}

export default function YamlTab({ plural, cluster, namespace, name, object }: Props) {
  const { t } = useTranslation();
  // The Agent refuses to read Secrets through `dynamic`: their values never leave the cluster.
  const secret = plural === "secrets";
  const live = useLiveObject(plural, cluster, namespace, name, !secret);
  const source = secret || live.isError ? object : live.data;
  const text = useMemo(() => (source === undefined ? "" : stringify(source, { sortMapEntries: false })), [source]);

  if (!secret && live.isPending) return <Panel testId="yaml-loading">{t("detail.liveLoading")}</Panel>;
  return (
    <div className="space-y-2">
      {secret && (
        <Panel testId="yaml-note" tone="note">
          {t("detail.secretCompact")}
        </Panel>
      )}
      {live.isError && <LiveError error={live.error} fallback />}
      <div className="flex items-center justify-between">
        <span className="text-xs text-slate-500 dark:text-slate-400" data-testid="yaml-source">
          {secret || live.isError ? t("detail.sourceCompact") : t("detail.sourceLive")}
        </span>
        <CopyButton text={text} label={t("detail.copy")} copiedLabel={t("detail.copied")} testId="yaml-copy" />
      </div>
      <pre
        data-testid="yaml"
        className="max-h-[70vh] overflow-auto rounded-lg bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-100"
      >
        {text}
      </pre>
    </div>
  );
}
