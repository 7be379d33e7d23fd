import { useTranslation } from "react-i18next";

/** Millicores as cores with at most one decimal: 2500 → "2.5 cores". */
export function useFormatCores(): (millicores: number) => string {
  const { t } = useTranslation();
  return (millicores) => t("units.cores", { count: Math.round(millicores / 100) / 10 });
}
