import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type TokenView = Schemas["TokenView"];
export type TokenCreate = Schemas["TokenCreate"];
export type PasswordChange = Schemas["PasswordChange"];

const TOKENS = ["tokens"] as const;

/** Change the signed-in user's own password; this session stays signed in. */
export function useChangePassword() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: PasswordChange) => unwrap(api.POST("/api/v3/auth/password", { body })),
  });
}

/** The signed-in user's API tokens. */
export function useTokens() {
  const api = useApi();
  return useQuery({
    queryKey: TOKENS,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/tokens", { signal })),
  });
}

/** A new API token; the answer is the only time the token itself is shown. */
export function useCreateToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TokenCreate) => unwrap(api.POST("/api/v3/tokens", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TOKENS }),
  });
}

export function useDeleteToken() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v3/tokens/{token_id}", { params: { path: { token_id: id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: TOKENS }),
  });
}
