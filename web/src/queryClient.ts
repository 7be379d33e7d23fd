import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./api/client";
import { ME_KEY } from "./features/auth/useAuth";

/**
 * The app's query client. A 401 from any call ends the session in the cache, which makes
 * <RequireAuth> send the user to /login; failed calls other than 401 are retried once.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => onError(error, undefined) }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500 && error.status > 0) && failures < 1,
        refetchOnWindowFocus: true,
      },
    },
  });

  function onError(error: unknown, queryKey: readonly unknown[] | undefined): void {
    if (error instanceof ApiError && error.status === 401 && !isMeQuery(queryKey)) {
      client.setQueryData(ME_KEY, null);
    }
  }

  return client;
}

function isMeQuery(queryKey: readonly unknown[] | undefined): boolean {
  return queryKey !== undefined && queryKey.length === ME_KEY.length && queryKey.every((part, i) => part === ME_KEY[i]);
}
