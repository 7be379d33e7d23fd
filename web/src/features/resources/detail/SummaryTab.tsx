import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { RelativeTime } from "../../../ui/RelativeTime";
import { useClusters } from "../../layout/useClusters";
import { Dash, KeyValues, ObjectLink, Text } from "../cells";
import { KINDS, pluralOf, type FieldKey } from "../kinds";
import type { ObjectBase, ObjectOf, Plural } from "../types";

interface Props<P extends Plural> {
  plural: P;
  cluster: string;
  object: ObjectOf<P>;
}

/** Where the object lives and who it is, then the kind's own fields, labels, annotations and owners. */
export function SummaryTab<P extends Plural>({ plural, cluster, object }: Props<P>) {
  const { t } = useTranslation();
  const spec = KINDS[plural];
  const base: ObjectBase = object;
  const clusterName = useClusters().data?.items.find((item) => item.id === cluster)?.name ?? cluster;
  const namespace = base.namespace ?? "";

  const rows: [FieldKey, ReactNode][] = [
    ["kind", spec.kind],
    ["name", <Text key="name" value={base.name} mono />],
    ...(spec.namespaced
      ? ([["namespace", <ObjectLink key="ns" plural="namespaces" cluster={cluster} name={namespace} />]] as [FieldKey, ReactNode][])
      : []),
    ["cluster", clusterName],
    ["created", <RelativeTime key="created" iso={base.createdAt || null} />],
    ...spec.summary(object, cluster).map((field): [FieldKey, ReactNode] => [field.label, field.value]),
    ["labels", <KeyValues key="labels" values={base.labels} />],
    ["annotations", <KeyValues key="annotations" values={base.annotations} />],
    [
      "owners",
      (base.owners ?? []).length === 0 ? (
        <Dash key="owners" />
      ) : (
        <ul key="owners">
          {(base.owners ?? []).map((owner) => {
            const ownerPlural = pluralOf(owner.kind);
            return (
              <li key={`${owner.kind}/${owner.name}`} data-testid="owner">
                <ObjectLink
                  plural={ownerPlural}
                  cluster={cluster}
                  namespace={ownerPlural && KINDS[ownerPlural].namespaced ? namespace : ""}
                  name={owner.name}
                >
                  {`${owner.kind}/${owner.name}`}
                </ObjectLink>
                {owner.controller && <span className="ml-2 text-xs text-slate-500">{t("detail.controller")}</span>}
              </li>
            );
          })}
        </ul>
      ),
    ],
    ["uid", <Text key="uid" value={base.uid} mono />],
    ["resourceVersion", <Text key="rv" value={base.resourceVersion} mono />],
  ];

  return (
    <dl data-testid="summary" className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="font-medium text-slate-500 dark:text-slate-400">{t(`fields.${label}`)}</dt>
          <dd className="min-w-0 break-words" data-testid={`field-${label}`}>
            {value === "" || value === null || value === undefined ? <Dash /> : value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
