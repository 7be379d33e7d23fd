import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../i18n";
import { CARD } from "../../ui/controls";
import { useMe } from "../auth/useAuth";
import { useTheme } from "../layout/theme";
import { PasswordForm } from "./PasswordForm";
import { TokensSection } from "./TokensSection";

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section aria-label={title} data-testid={testId} className={CARD}>
      <h2 className="mb-3 text-base font-semibold">{title}</h2>
      {children}
    </section>
  );
}

export function SettingsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  const [theme, setTheme] = useTheme();
  const language = i18n.resolvedLanguage ?? i18n.language;

  return (
    <div className="max-w-4xl space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("settings.title")}</h1>
        {me && (
          <p className="text-sm text-slate-500 dark:text-slate-400">
            {t("header.signedInAs", { username: me.username })} · {t("header.role", { role: t(`roles.${me.role}` as never, me.role) })}
          </p>
        )}
      </div>
      <Section title={t("settings.password.title")} testId="settings-password">
        <PasswordForm />
      </Section>
      <Section title={t("settings.appearance")} testId="settings-appearance">
        <div className="flex flex-wrap gap-8">
          <fieldset>
            <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">{t("header.language")}</legend>
            <div className="flex gap-4">
              {LANGUAGES.map((item) => (
                <label key={item.code} className="flex items-center gap-1.5 text-sm">
                  <input
                    type="radio"
                    name="language"
                    data-testid={`settings-language-${item.code}`}
                    checked={language === item.code}
                    onChange={() => void i18n.changeLanguage(item.code)}
                  />
                  {item.label}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend className="mb-1 text-xs font-medium text-slate-600 dark:text-slate-400">{t("settings.theme")}</legend>
            <div className="flex gap-4">
              {(["light", "dark"] as const).map((name) => (
                <label key={name} className="flex items-center gap-1.5 text-sm">
                  <input type="radio" name="theme" data-testid={`settings-theme-${name}`} checked={theme === name} onChange={() => setTheme(name)} />
                  {t(`settings.themes.${name}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </div>
      </Section>
      <Section title={t("settings.tokens.title")} testId="settings-tokens">
        <TokensSection />
      </Section>
    </div>
  );
}
