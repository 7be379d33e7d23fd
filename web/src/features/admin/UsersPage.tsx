import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { BUTTON, INPUT, LABEL, PRIMARY_BUTTON, SMALL_BUTTON } from "../../ui/controls";
import { ErrorBanner, LoadingRow, TableMessage } from "../../ui/ListStates";
import { errorMessage } from "../../ui/errorMessage";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Dialog } from "../../ui/Dialog";
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
  const items = users.data?.items;

  let body;
  if (items === undefined) {
    body = users.isError ? (
      <TableMessage colSpan={4} testId="list-unavailable">
        {t("errors.unknown")}
      </TableMessage>
    ) : (
      <LoadingRow colSpan={4} />
    );
  } else if (items.length === 0) {
    body = (
      <TableMessage colSpan={4} testId="list-empty">
        {t("admin.users.empty")}
      </TableMessage>
    );
  } else {
    body = items.map((user) => {
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
  }

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
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table aria-label={t("admin.users.title")} data-testid="users-table" className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
            <tr>
              <PlainHeader>{t("admin.users.username")}</PlainHeader>
              <PlainHeader>{t("admin.users.role")}</PlainHeader>
              <PlainHeader>{t("admin.users.created")}</PlainHeader>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t("admin.users.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
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
  const ids = { form: useId(), username: useId(), password: useId(), confirm: useId(), role: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = passwordProblem(password, confirm, t);
    setProblem(wrong);
    if (wrong === null) create.mutate({ username: username.trim(), password, role }, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={t("admin.users.create")}
      onClose={onClose}
      closeLabel={t("console.close")}
      testId="user-create-dialog"
      footer={
        <>
          <button type="button" className={BUTTON} onClick={onClose}>
            {t("console.cancel")}
          </button>
          <button type="submit" form={ids.form} data-testid="user-create-submit" className={PRIMARY_BUTTON} disabled={create.isPending || !username.trim()}>
            {t("admin.users.createSubmit")}
          </button>
        </>
      }
    >
      <form id={ids.form} onSubmit={submit} className="space-y-3" noValidate>
        <div className="space-y-1">
          <label htmlFor={ids.username} className={LABEL}>
            {t("admin.users.username")}
          </label>
          <input id={ids.username} required autoComplete="off" value={username} onChange={(e) => setUsername(e.target.value)} className={INPUT} />
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.role} className={LABEL}>
            {t("admin.users.role")}
          </label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value)} className={INPUT}>
            {ROLES.map((name) => (
              <option key={name} value={name}>
                {t(`roles.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.password} className={LABEL}>
            {t("admin.users.password")}
          </label>
          <input id={ids.password} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={INPUT} />
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.confirm} className={LABEL}>
            {t("settings.password.confirm")}
          </label>
          <input id={ids.confirm} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} className={INPUT} />
        </div>
        {problem && <FormError>{problem}</FormError>}
        {create.isError && <FormError error={create.error} />}
      </form>
    </Dialog>
  );
}

function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const formId = useId();
  const passwordId = useId();
  const confirmId = useId();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const wrong = passwordProblem(password, confirm, t);
    setProblem(wrong);
    if (wrong === null) update.mutate({ username: user.username, password }, { onSuccess: onClose });
  };

  return (
    <Dialog
      title={t("admin.users.resetTitle", { username: user.username })}
      onClose={onClose}
      closeLabel={t("console.close")}
      testId="user-reset-dialog"
      footer={
        <>
          <button type="button" className={BUTTON} onClick={onClose}>
            {t("console.cancel")}
          </button>
          <button type="submit" form={formId} data-testid="user-reset-submit" className={PRIMARY_BUTTON} disabled={update.isPending}>
            {t("admin.users.resetSubmit")}
          </button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-3" noValidate>
        <p className="text-sm text-slate-600 dark:text-slate-300">{t("admin.users.resetHint")}</p>
        <div className="space-y-1">
          <label htmlFor={passwordId} className={LABEL}>
            {t("settings.password.new")}
          </label>
          <input id={passwordId} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} className={INPUT} />
        </div>
        <div className="space-y-1">
          <label htmlFor={confirmId} className={LABEL}>
            {t("settings.password.confirm")}
          </label>
          <input id={confirmId} type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} className={INPUT} />
        </div>
        {problem && <FormError>{problem}</FormError>}
        {update.isError && <FormError error={update.error} />}
      </form>
    </Dialog>
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
