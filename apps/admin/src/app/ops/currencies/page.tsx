import type { Metadata } from "next";
import { CurrenciesView } from "./currencies-view";

export const metadata: Metadata = { title: "Currencies" };

export default function CurrenciesPage() {
  return <CurrenciesView />;
}
