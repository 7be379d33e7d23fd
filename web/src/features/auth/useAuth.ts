import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ApiError, unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type UserInfo = Schemas["UserInfo"];
export type LoginRequest = Schemas["LoginRequest"];

export const ME_KEY = ["auth", "me"] as const;

/** The signed-in user, or `null` when there is no session. */
export function useMe() {
  const api = useApi();
  return useQuery<UserInfo | null>({
    queryKey: ME_KEY,
    queryFn: async ({ signal }) => {
      try {
        return await unwrap(api.GET("/api/v3/auth/me", { signal }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useLogin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation<UserInfo, unknown, LoginRequest>({
    mutationFn: (body) => unwrap(api.POST("/api/v3/auth/login", { body })),
    onSuccess: (user) => queryClient.setQueryData(ME_KEY, user),
  });
}

export function useLogout() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v3/auth/logout")),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(ME_KEY, null);
    },
  });
}
