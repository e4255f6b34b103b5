import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Table } from "./table";

describe("Table with columns", () => {
  it("writes the header row (aligned, screen-reader-only where asked) and wraps the rows in tbody", () => {
    const html = renderToStaticMarkup(
      createElement(Table, {
        caption: "Withdrawals",
        columns: ["#", { label: "Amount", align: "right" }, { label: "Actions", srOnly: true }],
        children: createElement("tr", null, createElement("td", null, "1")),
      }),
    );
    expect(html).toContain('<caption class="sr-only">Withdrawals</caption>');
    const heads = [...html.matchAll(/<th scope="col" class="([^"]*)">(.*?)<\/th>/g)];
    expect(heads.map((m) => m[2])).toEqual(["#", "Amount", '<span class="sr-only">Actions</span>']);
    expect(heads[1]?.[1]).toContain("text-right");
    expect(html).toMatch(/<\/thead><tbody[^>]*><tr><td>1<\/td><\/tr><\/tbody>/);
  });

  it("leaves the body to the caller without columns (a table with a footer)", () => {
    const html = renderToStaticMarkup(
      createElement(Table, { caption: "Items", children: createElement("tfoot", null) }),
    );
    expect(html).not.toContain("<thead>");
    expect(html).toContain("<tfoot></tfoot>");
  });
});
