import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FilterBar } from "./filter-bar";
import { searchDraft, shownText, typed } from "./search-draft";

const noop = () => {};

describe("the live search box's text", () => {
  it("keeps what is typed while the committed value catches up, and takes a change from outside", () => {
    let draft = searchDraft("");
    draft = typed("", "lamp");
    expect(shownText(draft, "")).toBe("lamp");
    // Handed on while the person types on: the echo of "lamp" must not undo "lamps".
    draft = { ...typed("", "lamps"), sent: "lamp" };
    expect(shownText(draft, "lamp")).toBe("lamps");
    // The back button (or another tab's link) sets another search: it wins.
    expect(shownText(draft, "chair")).toBe("chair");
    expect(shownText(typed("chair", "chairs"), "chair")).toBe("chairs");
  });
});

describe("FilterBar", () => {
  const bar = (active: boolean) =>
    renderToStaticMarkup(
      createElement(FilterBar, {
        label: "Filter orders",
        search: { label: "Search by title", value: "lamp", onSearch: noop, maxLength: 100 },
        selects: [
          {
            label: "Status",
            value: "PAID",
            onChange: noop,
            allLabel: "All statuses",
            options: [
              { value: "UNPAID", label: "Unpaid" },
              { value: "PAID", label: "Paid" },
            ],
          },
        ],
        submitLabel: "Search",
        resetLabel: "Clear filters",
        onReset: noop,
        active,
      }),
    );

  it("is a named search landmark whose every control has a label", () => {
    const html = bar(true);
    expect(html).toMatch(/^<form role="search" aria-label="Filter orders"/);
    const ids = [...html.matchAll(/<label for="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(html).toContain(`id="${id}"`);
    expect(html).toMatch(/<input[^>]*type="search"[^>]*enterKeyHint="search"[^>]*value="lamp"/);
    expect(html).toContain('<option value="">All statuses</option>');
    expect(html).toMatch(/<option value="PAID" selected="">Paid<\/option>/);
    expect(html).toMatch(/<button type="submit"[^>]*>Search<\/button>/);
  });

  it("offers reset only while a filter is set", () => {
    expect(bar(true)).toMatch(/<button type="reset"(?![^>]*disabled="")[^>]*>Clear filters<\/button>/);
    expect(bar(false)).toMatch(/<button type="reset"[^>]*disabled=""[^>]*>Clear filters<\/button>/);
  });
});
