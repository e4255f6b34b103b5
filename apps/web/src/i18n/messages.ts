import type { Locale } from "@trade/ui/locale";
import type en from "../../messages/en.json";

export type Messages = typeof en;

/** Only the reader's language is loaded (each catalogue is its own chunk). */
export async function loadMessages(locale: Locale): Promise<Messages> {
  if (locale === "zh-CN") return (await import("../../messages/zh-CN.json")).default;
  return (await import("../../messages/en.json")).default;
}
