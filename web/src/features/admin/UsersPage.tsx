import { useState } from "react";
import { useTranslation } from "react-i18next";
import { INPUT, PRIMARY_BUTTON, SMALL_BUTTON } from "../../ui/controls";
import { Field, PasswordField } from "../../ui/Field";
import { ErrorBanner, TableBodyStates, TableFrame } from "../../ui/ListStates";
import { errorMessage } from "../../ui/errorMessage";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { FormDialog } from "../../ui/FormDialog";
import { FormError } from "../../ui/FormError";
import { RelativeTime } from "../../ui/RelativeTime";
import { PlainHeader } from "../../ui/SortableHeader";
import { useMe } from "../auth/useAuth";
import { ROLES } from "../layout/roles";
import { passwordProblem } from "../settings/passwords";
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers, type UserView } from "./useUsers";

export function UsersPage() {
  const { t } = useTranslation();
  const users = useUsers();
  const me = useMe().data;
  const update = useUpdateUser();
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<UserView | null>(null);
  const [deleting, setDeleting] = useState<UserView | null>(null);

  const rows = (items: readonly UserView[]) =>
    items.map((user) => {
      const self = user.username === me?.username;
      return (
        <tr key={user.username} data-testid="user-row" className="border-t border-slate-100 dark:border-slate-800">
          <td className="px-3 py-2 font-medium">
            <span data-testid="user-name">{user.username}</span>
            {self && <span className="ml-2 text-xs font-normal text-slate-500">{t("admin.users.you")}</span>}
          </td>
          <td className="px-3 py-2">
            <select
              aria-label={t("admin.users.roleOf", { username: user.username })}
              data-testid="user-role"
              value={user.role}
              disabled={self || (update.isPending && update.variables?.username === user.username)}
              title={self ? t("admin.users.notYourself") : undefined}
              onChange={(event) => update.mutate({ username: user.username, role: event.target.value })}
              className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900"
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {t(`roles.${role}`)}
                </option>
              ))}
            </select>
          </td>
          <td className="px-3 py-2">
            <RelativeTime iso={user.createdAt} />
          </td>
          <td className="space-x-2 px-3 py-2 text-right whitespace-nowrap">
            <button type="button" data-testid="user-reset-password" className={SMALL_BUTTON} onClick={() => setResetting(user)} disabled={self} title={self ? t("admin.users.ownPasswordHint") : undefined}>
              {t("admin.users.resetPassword")}
            </button>
            <button type="button" data-testid="user-delete" className={SMALL_BUTTON} onClick={() => setDeleting(user)} disabled={self} title={self ? t("admin.users.notYourself") : undefined}>
              {t("admin.users.delete")}
            </button>
          </td>
        </tr>
      );
    });

  return (
    <section aria-labelledby="users-title" className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <h1 id="users-title" className="text-xl font-semibold">
          {t("admin.users.title")}
        </h1>
        <button type="button" data-testid="user-create" className={PRIMARY_BUTTON} onClick={() => setCreating(true)}>
          {t("admin.users.create")}
        </button>
      </div>
      {users.isError && <ErrorBanner error={users.error} onRetry={() => void users.refetch()} />}
      {update.isError && (
        <p role="alert" data-testid="user-update-error" className="text-sm text-red-700 dark:text-red-300">
          {t("admin.users.updateFailed", { message: errorMessage(update.error, t) })}
        </p>
      )}
      <TableFrame
        label={t("admin.users.title")}
        testId="users-table"
        header={
          <>
            <PlainHeader>{t("admin.users.username")}</PlainHeader>
            <PlainHeader>{t("admin.users.role")}</PlainHeader>
            <PlainHeader>{t("admin.users.created")}</PlainHeader>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t("admin.users.actions")}</span>
            </th>
          </>
        }
      >
        <TableBodyStates items={users.data?.items} isError={users.isError} colSpan={4} emptyText={t("admin.users.empty")}>
          {rows}
        </TableBodyStates>
      </TableFrame>
      {creating && <CreateUserDialog onClose={() => setCreating(false)} />}
      {resetting && <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />}
      {deleting && <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} />}
    </section>
  );
}

function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [role, setRole] = useState("viewer");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    const wrong = passwordProblem(password, confirm, t);
    setProblem(wrong);
    if (wrong === null) create.mutate({ username: username.trim(), password, role }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={t("admin.users.create")}
      testId="user-create-dialog"
      submitLabel={t("admin.users.createSubmit")}
      submitTestId="user-create-submit"
      canSubmit={!create.isPending && username.trim() !== ""}
      onSubmit={submit}
      onClose={onClose}
      noValidate
    >
      <Field label={t("admin.users.username")}>
        {(id) => <input id={id} required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} className={INPUT} />}
      </Field>
      <Field label={t("admin.users.role")}>
        {(id) => (
          <select id={id} value={role} onChange={(e) => setRole(e.target.value)} className={INPUT}>
            {ROLES.map((name) => (
              <option key={name} value={name}>
                {t(`roles.${name}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <PasswordField label={t("admin.users.password")} value={password} onChange={setPassword} />
      <PasswordField label={t("settings.password.confirm")} value={confirm} onChange={setConfirm} />
      {problem && <FormError>{problem}</FormError>}
      {create.isError && <FormError error={create.error} />}
    </FormDialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problem, setProblem] = useState<string | null>(null);

  const submit = () => {
    const wrong = passwordProblem(password, confirm, t);
    setProblem(wrong);
    if (wrong === null) update.mutate({ username: user.username, password }, { onSuccess: onClose });
  };

  return (
    <FormDialog
      title={t("admin.users.resetTitle", { username: user.username })}
      testId="user-reset-dialog"
      submitLabel={t("admin.users.resetSubmit")}
      submitTestId="user-reset-submit"
      canSubmit={!update.isPending}
      onSubmit={submit}
      onClose={onClose}
      noValidate
    >
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("admin.users.resetHint")}</p>
      <PasswordField label={t("settings.password.new")} value={password} onChange={setPassword} />
      <PasswordField label={t("settings.password.confirm")} value={confirm} onChange={setConfirm} />
      {problem && <FormError>{problem}</FormError>}
      {update.isError && <FormError error={update.error} />}
    </FormDialog>
  );
}

function DeleteUserDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteUser();
  return (
    <ConfirmDialog
      title={t("admin.users.deleteTitle", { username: user.username })}
      message={t("admin.users.deleteMessage", { username: user.username })}
      confirmLabel={t("admin.users.delete")}
      danger
      pending={remove.isPending}
      error={remove.isError ? remove.error : undefined}
      onConfirm={() => remove.mutate(user.username, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
