import { createElement, type ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ErrorAlert, ErrorWordsProvider, type ErrorWords } from "./error-alert";

// An app's describer: the code from the error, its own title, message and way forward.
const describe_ = (error: unknown): ErrorWords => ({
  code: error instanceof Error ? error.message : "UNKNOWN",
  title: "Not enough money",
  message: "Deposit first.",
  action: createElement("a", { href: "/wallet" }, "Go to wallet"),
});
const render = (alert: ReactNode) =>
  renderToStaticMarkup(createElement(ErrorWordsProvider, { describe: describe_, children: alert }));

describe("ErrorAlert", () => {
  it("shows the app's words for the error, announced as an alert, with the code as its test id", () => {
    const html = render(createElement(ErrorAlert, { error: new Error("INSUFFICIENT_FUNDS") }));
    expect(html).toContain('role="alert"');
    expect(html).toContain('data-testid="error-INSUFFICIENT_FUNDS"');
    expect(html).toContain('<p class="font-semibold">Not enough money</p>');
    expect(html).toContain("Deposit first.");
    expect(html).toContain('<a href="/wallet">Go to wallet</a>');
  });

  it("lets the screen replace the title and the way forward", () => {
    const html = render(
      createElement(ErrorAlert, { error: new Error("BAD_REQUEST"), title: "Import refused", action: "Retry" }),
    );
    expect(html).toContain("Import refused");
    expect(html).not.toContain("Not enough money");
    expect(html).toContain("Retry");
    expect(html).not.toContain("/wallet");
  });

  it("renders nothing without an error", () => {
    expect(render(createElement(ErrorAlert, { error: null }))).toBe("");
  });

  it("refuses to render an error without a provider (an app that forgot to wire its words)", () => {
    expect(() => renderToStaticMarkup(createElement(ErrorAlert, { error: new Error("X") }))).toThrow(
      "ErrorAlert needs an ErrorWordsProvider above it",
    );
  });
});
