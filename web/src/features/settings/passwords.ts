import type { TFunction } from "i18next";

/** The Master's shortest password (MIN_PASSWORD in master/users.py), checked here for a message in words. */
export const MIN_PASSWORD = 8;

/** What is wrong with a new password and its confirmation, or null. */
export function passwordProblem(password: string, confirm: string, t: TFunction): string | null {
  if (password.length < MIN_PASSWORD) return t("settings.password.tooShort", { count: MIN_PASSWORD });
  if (password !== confirm) return t("settings.password.mismatch");
  return null;
}
