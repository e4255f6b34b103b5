import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "./status-badge";

describe("StatusBadge", () => {
  it("colours a known status by STATUS_TONES and shows the app's word, with a dot hidden from readers", () => {
    const html = renderToStaticMarkup(
      createElement(StatusBadge, { status: "EXPIRED", label: "已过期", "data-testid": "order-status" }),
    );
    expect(html).toContain("bg-red-50");
    expect(html).toContain('data-testid="order-status"');
    expect(html).toMatch(/<span aria-hidden="true" class="[^"]*rounded-full[^"]*"><\/span>已过期<\/span>$/);
  });

  it("reads an unknown status as neutral instead of failing", () => {
    const html = renderToStaticMarkup(createElement(StatusBadge, { status: "ARCHIVED", label: "Archived" }));
    expect(html).toContain("bg-zinc-100");
    expect(html).toContain("Archived");
  });
});
