import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useHasRole } from "../../layout/roles";
import { ClusterPage, Section } from "../shared/Layout";
import { QueryNotices } from "../shared/QueryNotices";
import type { SloView } from "../shared/types";
import { MeshEdgesTable, MeshGraph } from "./MeshGraph";
import { SloTable } from "./SloTable";
import { TargetDialog } from "./TargetDialog";
import { useSlo } from "./useSlo";

/** Targets, windows, budgets and forecasts per ingress host and per service; and the mesh. */
export function SloPage() {
  return <ClusterPage page="slo">{(cluster) => <SloOverview cluster={cluster} />}</ClusterPage>;
}

function SloOverview({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const slo = useSlo(cluster);
  const operator = useHasRole("operator");
  const [editing, setEditing] = useState<SloView | null>(null);
  const data = slo.data;
  const of = (kind: "ingress" | "service") => data?.items.filter((item) => item.kind === kind);
  const onEdit = operator ? setEditing : undefined;
  return (
    <>
      <QueryNotices query={slo} />
      <Section title={t("observability.slo.kinds.ingress")} testId="slo-ingress">
        <SloTable cluster={cluster} kind="ingress" items={of("ingress")} isError={slo.isError} onEdit={onEdit} />
      </Section>
      <Section title={t("observability.slo.kinds.service")} testId="slo-services">
        <SloTable cluster={cluster} kind="service" items={of("service")} isError={slo.isError} onEdit={onEdit} />
      </Section>
      {data && (
        <Section title={t("observability.slo.mesh")} testId="slo-mesh">
          <div className="space-y-3">
            <MeshGraph mesh={data.mesh} />
            <MeshEdgesTable edges={data.meshEdges} />
          </div>
        </Section>
      )}
      {editing && <TargetDialog cluster={cluster} item={editing} onClose={() => setEditing(null)} />}
    </>
  );
}
