import type { Locale } from "@trade/ui/locale";
import type { Messages } from "./messages";

// Typed keys: t("cart.title") compiles only if en.json has it (the i18n test checks zh-CN).
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: Messages;
  }
}
