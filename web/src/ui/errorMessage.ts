import type { TFunction } from "i18next";
import { ApiError } from "../api/client";

/** Words for any error a query or mutation threw; never an empty string. */
export function errorMessage(error: unknown, t: TFunction): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t("errors.network");
    return error.message || t("errors.unknown");
  }
  if (error instanceof Error && error.message) return error.message;
  return t("errors.unknown");
}
