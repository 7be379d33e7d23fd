import { Link } from "react-router";
import { objectPath } from "../events/objectLinks";
import type { CommandView } from "./useCommands";

/** "Deployment/shop/web", linked to the object's page when there is one. */
export function CommandTarget({ command }: { command: CommandView }) {
  const { kind, namespace, name } = command.target;
  const text = [kind, namespace, name].filter(Boolean).join("/");
  const path = objectPath(kind, command.clusterId, namespace, name);
  if (path === null) return <span className="font-mono text-xs">{text}</span>;
  return (
    <Link to={path} className="font-mono text-xs text-teal-700 hover:underline dark:text-teal-400">
      {text}
    </Link>
  );
}
