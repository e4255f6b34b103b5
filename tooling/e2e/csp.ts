import type { Page } from "@playwright/test";

// Shared by the storefront's and the admin's Playwright suites (apps/*/e2e/security.spec.ts).

/**
 * Collects what the browser says about the page's Content-Security-Policy: every
 * `securitypolicyviolation` event (recorded by a script Playwright injects outside the page's
 * CSP) and every console message about the policy. An enforced policy the page passes leaves
 * both empty.
 */
export async function watchCsp(page: Page): Promise<{ violations: () => Promise<string[]>; console: string[] }> {
  const console: string[] = [];
  page.on("console", (message) => {
    if (/content security policy|refused to/i.test(message.text())) console.push(message.text());
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener("securitypolicyviolation", (event) =>
      seen.push(`${event.effectiveDirective} ${event.blockedURI || "inline"}`),
    );
  });
  return {
    console,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations),
  };
}

/**
 * Proves the policy is enforced, not just sent: an inline event handler (which no page of ours
 * has) is refused and reported. Returns whether it ran.
 */
export async function inlineHandlerRuns(page: Page): Promise<boolean> {
  return page.evaluate(async () => {
    const probe = document.createElement("button");
    probe.setAttribute("onclick", "window.__inlineRan = true");
    document.body.append(probe);
    probe.click();
    probe.remove();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
}
