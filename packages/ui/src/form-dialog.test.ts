import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DialogForm } from "./form-dialog";
import { UiLocaleProvider } from "./ui-text";

const noop = () => {};

describe("DialogForm", () => {
  const form = (busy: boolean, locale: "en" | "zh-CN" = "en") =>
    renderToStaticMarkup(
      createElement(UiLocaleProvider, {
        locale,
        children: createElement(DialogForm, {
          onSubmit: noop,
          onCancel: noop,
          submitLabel: "Reject and return funds",
          submitVariant: "danger",
          busy,
          alert: createElement("p", { role: "alert" }, "Failed"),
          children: createElement("input", { name: "reason" }),
        }),
      }),
    );

  it("puts the alert above the fields and cancel before submit, in the page's language", () => {
    const html = form(false);
    expect(html.indexOf('role="alert"')).toBeLessThan(html.indexOf('name="reason"'));
    expect(html.indexOf(">Cancel<")).toBeLessThan(html.indexOf(">Reject and return funds<"));
    expect(html).toContain("bg-red-600");
    expect(form(false, "zh-CN")).toContain(">取消<");
  });

  it("spins the submit button and holds cancel while the request runs", () => {
    const html = form(true);
    expect(html).toMatch(/<button type="submit"[^>]*disabled=""[^>]*aria-busy="true"/);
    expect(html).toMatch(/<button type="button"[^>]*disabled=""[^>]*>Cancel<\/button>/);
    expect(form(false)).not.toContain("aria-busy");
  });
});
