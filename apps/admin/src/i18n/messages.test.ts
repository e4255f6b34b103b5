import path from "node:path";
import { describeCatalogues } from "../../../../tooling/i18n/suite";
import en from "../../messages/en.json";
import zh from "../../messages/zh-CN.json";

describeCatalogues("admin messages", {
  en,
  catalogues: { "zh-CN": zh },
  srcDir: path.resolve(import.meta.dirname, ".."),
  // "status" is looked up by the status word the API sends (components/localized-status.tsx).
  dataNamespaces: ["status"],
});
