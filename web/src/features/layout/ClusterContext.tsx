import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

/** `*` asks the Master for every cluster at once. */
export const ALL_CLUSTERS = "*";

const STORAGE_KEY = "atlhyper.cluster";

interface ClusterSelection {
  cluster: string;
  setCluster: (cluster: string) => void;
}

const ClusterContext = createContext<ClusterSelection | null>(null);

/** Holds the cluster chosen in the header; remembered across reloads. */
export function ClusterProvider({ children, initial }: { children: ReactNode; initial?: string }) {
  const [cluster, setState] = useState<string>(
    () => initial ?? window.localStorage.getItem(STORAGE_KEY) ?? ALL_CLUSTERS,
  );
  const setCluster = useCallback((next: string) => {
    window.localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  const value = useMemo(() => ({ cluster, setCluster }), [cluster, setCluster]);
  return <ClusterContext.Provider value={value}>{children}</ClusterContext.Provider>;
}

export function useCluster(): ClusterSelection {
  const selection = useContext(ClusterContext);
  if (selection === null) throw new Error("useCluster() needs a <ClusterProvider> above it");
  return selection;
}
