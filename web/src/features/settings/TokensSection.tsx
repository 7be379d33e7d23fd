import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { BUTTON, INPUT, LABEL, PRIMARY_BUTTON, SMALL_BUTTON } from "../../ui/controls";
import { ErrorBanner, LoadingRow, TableMessage } from "../../ui/ListStates";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Dialog } from "../../ui/Dialog";
import { FormError } from "../../ui/FormError";
import { OneTimeSecret } from "../../ui/OneTimeSecret";
import { RelativeTime } from "../../ui/RelativeTime";
import { PlainHeader } from "../../ui/SortableHeader";
import { useMe } from "../auth/useAuth";
import { ROLES, hasRole } from "../layout/roles";
import { useCreateToken, useDeleteToken, useTokens, type TokenView } from "./useSettings";

/** The user's API tokens for scripts (`Authorization: Bearer aht_…`). */
export function TokensSection() {
  const { t } = useTranslation();
  const tokens = useTokens();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<TokenView | null>(null);
  const items = tokens.data?.items;
  const columns = 6;

  let body;
  if (items === undefined) {
    body = tokens.isError ? (
      <TableMessage colSpan={columns} testId="list-unavailable">
        {t("errors.unknown")}
      </TableMessage>
    ) : (
      <LoadingRow colSpan={columns} />
    );
  } else if (items.length === 0) {
    body = (
      <TableMessage colSpan={columns} testId="list-empty">
        {t("settings.tokens.empty")}
      </TableMessage>
    );
  } else {
    body = items.map((token) => (
      <tr key={token.id} data-testid="token-row" className="border-t border-slate-100 dark:border-slate-800">
        <td className="px-3 py-2 font-medium" data-testid="token-name">
          {token.name}
        </td>
        <td className="px-3 py-2">{t(`roles.${token.role}` as never, token.role)}</td>
        <td className="px-3 py-2">
          <RelativeTime iso={token.createdAt} />
        </td>
        <td className="px-3 py-2">{token.expiresAt ? new Date(token.expiresAt).toLocaleDateString() : t("settings.tokens.never")}</td>
        <td className="px-3 py-2">{token.lastUsedAt ? <RelativeTime iso={token.lastUsedAt} /> : t("settings.tokens.unused")}</td>
        <td className="px-3 py-2 text-right">
          <button type="button" data-testid="token-delete" className={SMALL_BUTTON} onClick={() => setDeleting(token)}>
            {t("settings.tokens.delete")}
          </button>
        </td>
      </tr>
    ));
  }

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("settings.tokens.hint")}</p>
        <button type="button" data-testid="token-create" className={PRIMARY_BUTTON} onClick={() => setCreating(true)}>
          {t("settings.tokens.create")}
        </button>
      </div>
      {tokens.isError && <ErrorBanner error={tokens.error} onRetry={() => void tokens.refetch()} />}
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <table aria-label={t("settings.tokens.title")} data-testid="tokens-table" className="w-full text-sm">
          <thead className="bg-slate-50 text-slate-600 dark:bg-slate-800/60 dark:text-slate-300">
            <tr>
              <PlainHeader>{t("settings.tokens.name")}</PlainHeader>
              <PlainHeader>{t("settings.tokens.role")}</PlainHeader>
              <PlainHeader>{t("settings.tokens.created")}</PlainHeader>
              <PlainHeader>{t("settings.tokens.expires")}</PlainHeader>
              <PlainHeader>{t("settings.tokens.lastUsed")}</PlainHeader>
              <th scope="col" className="px-3 py-2">
                <span className="sr-only">{t("admin.users.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>{body}</tbody>
        </table>
      </div>
      {creating && (
        <CreateTokenDialog
          onClose={() => setCreating(false)}
          onCreated={(token) => {
            setCreating(false);
            setCreated(token);
          }}
        />
      )}
      {created && (
        <Dialog
          title={t("settings.tokens.createdTitle")}
          onClose={() => setCreated(null)}
          closeLabel={t("console.close")}
          testId="token-created-dialog"
          footer={
            <button type="button" data-testid="token-created-done" className={PRIMARY_BUTTON} onClick={() => setCreated(null)}>
              {t("admin.clusters.done")}
            </button>
          }
        >
          <div className="space-y-4">
            <OneTimeSecret value={created} testId="api-token" />
            <p className="text-xs text-slate-600 dark:text-slate-400">{t("settings.tokens.usage")}</p>
          </div>
        </Dialog>
      )}
      {deleting && <DeleteTokenDialog token={deleting} onClose={() => setDeleting(null)} />}
    </div>
  );
}

function CreateTokenDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (token: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateToken();
  const myRole = useMe().data?.role;
  const roles = ROLES.filter((role) => hasRole(myRole, role));
  const [name, setName] = useState("");
  const [role, setRole] = useState("");
  const [days, setDays] = useState("90");
  const ids = { form: useId(), name: useId(), role: useId(), days: useId() };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name: name.trim(), role: role || null, expiresInDays: days ? Number(days) : null },
      { onSuccess: (answer) => onCreated(answer.token) },
    );
  };

  return (
    <Dialog
      title={t("settings.tokens.create")}
      onClose={onClose}
      closeLabel={t("console.close")}
      testId="token-create-dialog"
      footer={
        <>
          <button type="button" className={BUTTON} onClick={onClose}>
            {t("console.cancel")}
          </button>
          <button type="submit" form={ids.form} data-testid="token-create-submit" className={PRIMARY_BUTTON} disabled={create.isPending || !name.trim()}>
            {t("settings.tokens.createSubmit")}
          </button>
        </>
      }
    >
      <form id={ids.form} onSubmit={submit} className="space-y-3">
        <div className="space-y-1">
          <label htmlFor={ids.name} className={LABEL}>
            {t("settings.tokens.name")}
          </label>
          <input id={ids.name} required maxLength={64} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} placeholder={t("settings.tokens.namePlaceholder")} className={INPUT} />
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.role} className={LABEL}>
            {t("settings.tokens.role")}
          </label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value)} className={INPUT}>
            <option value="">{t("settings.tokens.sameRole")}</option>
            {roles.map((name) => (
              <option key={name} value={name}>
                {t(`roles.${name}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor={ids.days} className={LABEL}>
            {t("settings.tokens.expiresIn")}
          </label>
          <select id={ids.days} value={days} onChange={(e) => setDays(e.target.value)} className={INPUT}>
            {["7", "30", "90", "365"].map((value) => (
              <option key={value} value={value}>
                {t("settings.tokens.days", { count: Number(value) })}
              </option>
            ))}
            <option value="">{t("settings.tokens.never")}</option>
          </select>
        </div>
        {create.isError && <FormError error={create.error} />}
      </form>
    </Dialog>
  );
}

function DeleteTokenDialog({ token, onClose }: { token: TokenView; onClose: () => void }) {
  const { t } = useTranslation();
  const remove = useDeleteToken();
  return (
    <ConfirmDialog
      title={t("settings.tokens.deleteTitle", { name: token.name })}
      message={t("settings.tokens.deleteMessage")}
      confirmLabel={t("settings.tokens.delete")}
      danger
      pending={remove.isPending}
      error={remove.isError ? remove.error : undefined}
      onConfirm={() => remove.mutate(token.id, { onSuccess: onClose })}
      onClose={onClose}
    />
  );
}
