import { Link } from "react-router";
import { objectPath } from "./objectLinks";

interface Props {
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
}

/** "Pod/web-1", linked to the object's page when the Master serves its kind. */
export function EventObjectLink({ cluster, kind, namespace, name }: Props) {
  const path = objectPath(kind, cluster, namespace, name);
  const text = `${kind}/${name}`;
  if (path === null) return <span className="font-mono text-xs">{text}</span>;
  return (
    <Link to={path} data-testid="object-link" className="font-mono text-xs text-teal-700 hover:underline dark:text-teal-400">
      {text}
    </Link>
  );
}
