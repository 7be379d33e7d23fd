import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { unwrap, type Schemas } from "../../api/client";
import { useApi } from "../../api/context";

export type UserView = Schemas["UserView"];
export type UserCreate = Schemas["UserCreate"];

const USERS = ["users"] as const;

export function useUsers() {
  const api = useApi();
  return useQuery({
    queryKey: USERS,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v3/users", { signal })),
  });
}

export function useCreateUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UserCreate) => unwrap(api.POST("/api/v3/users", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

/** Change a user's role or set a new password (admin). */
export function useUpdateUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ username, ...body }: { username: string; role?: string; password?: string }) =>
      unwrap(api.PATCH("/api/v3/users/{username}", { params: { path: { username } }, body })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}

export function useDeleteUser() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (username: string) => unwrap(api.DELETE("/api/v3/users/{username}", { params: { path: { username } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: USERS }),
  });
}
