import { useTranslation } from "react-i18next";
import { LANGUAGES } from "../../i18n";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <select
      data-testid="language-switch"
      aria-label={t("header.language")}
      value={i18n.resolvedLanguage ?? i18n.language}
      onChange={(event) => void i18n.changeLanguage(event.target.value)}
      className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-600 dark:bg-slate-900"
    >
      {LANGUAGES.map((language) => (
        <option key={language.code} value={language.code}>
          {language.label}
        </option>
      ))}
    </select>
  );
}
