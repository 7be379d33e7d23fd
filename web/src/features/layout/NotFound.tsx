import { useTranslation } from "react-i18next";
import { Link } from "react-router";

export function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="p-8 text-center">
      <h1 className="mb-4 text-xl font-semibold">{t("notFound.title")}</h1>
      <Link to="/overview" className="text-teal-700 underline dark:text-teal-400">
        {t("notFound.back")}
      </Link>
    </div>
  );
}
