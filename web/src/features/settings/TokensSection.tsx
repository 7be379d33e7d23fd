import { useState } from "react";
import { useTranslation } from "react-i18next";
import { INPUT, PRIMARY_BUTTON, SMALL_BUTTON } from "../../ui/controls";
import { Field } from "../../ui/Field";
import { ErrorBanner, TableBodyStates, TableFrame } from "../../ui/ListStates";
import { ConfirmDialog } from "../../ui/ConfirmDialog";
import { Dialog } from "../../ui/Dialog";
import { FormDialog } from "../../ui/FormDialog";
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
  const columns = 6;

  const rows = (items: readonly TokenView[]) =>
    items.map((token) => (
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

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600 dark:text-slate-400">{t("settings.tokens.hint")}</p>
        <button type="button" data-testid="token-create" className={PRIMARY_BUTTON} onClick={() => setCreating(true)}>
          {t("settings.tokens.create")}
        </button>
      </div>
      {tokens.isError && <ErrorBanner error={tokens.error} onRetry={() => void tokens.refetch()} />}
      <TableFrame
        label={t("settings.tokens.title")}
        testId="tokens-table"
        header={
          <>
            <PlainHeader>{t("settings.tokens.name")}</PlainHeader>
            <PlainHeader>{t("settings.tokens.role")}</PlainHeader>
            <PlainHeader>{t("settings.tokens.created")}</PlainHeader>
            <PlainHeader>{t("settings.tokens.expires")}</PlainHeader>
            <PlainHeader>{t("settings.tokens.lastUsed")}</PlainHeader>
            <th scope="col" className="px-3 py-2">
              <span className="sr-only">{t("admin.users.actions")}</span>
            </th>
          </>
        }
      >
        <TableBodyStates items={tokens.data?.items} isError={tokens.isError} colSpan={columns} emptyText={t("settings.tokens.empty")}>
          {rows}
        </TableBodyStates>
      </TableFrame>
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

  const submit = () => {
    create.mutate(
      { name: name.trim(), role: role || null, expiresInDays: days ? Number(days) : null },
      { onSuccess: (answer) => onCreated(answer.token) },
    );
  };

  return (
    <FormDialog
      title={t("settings.tokens.create")}
      testId="token-create-dialog"
      submitLabel={t("settings.tokens.createSubmit")}
      submitTestId="token-create-submit"
      canSubmit={!create.isPending && name.trim() !== ""}
      onSubmit={submit}
      onClose={onClose}
    >
      <Field label={t("settings.tokens.name")}>
        {(id) => <input id={id} required maxLength={64} autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} placeholder={t("settings.tokens.namePlaceholder")} className={INPUT} />}
      </Field>
      <Field label={t("settings.tokens.role")}>
        {(id) => (
          <select id={id} value={role} onChange={(e) => setRole(e.target.value)} className={INPUT}>
            <option value="">{t("settings.tokens.sameRole")}</option>
            {roles.map((name) => (
              <option key={name} value={name}>
                {t(`roles.${name}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("settings.tokens.expiresIn")}>
        {(id) => (
          <select id={id} value={days} onChange={(e) => setDays(e.target.value)} className={INPUT}>
            {["7", "30", "90", "365"].map((value) => (
              <option key={value} value={value}>
                {t("settings.tokens.days", { count: Number(value) })}
              </option>
            ))}
            <option value="">{t("settings.tokens.never")}</option>
          </select>
        )}
      </Field>
      {create.isError && <FormError error={create.error} />}
    </FormDialog>
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
