import type { Rule } from "eslint";

/**
 * A client component ("use client" as the module's first statement) runs in the browser: it must
 * not pull in the database package, server-only modules or Node built-ins. Next.js would either fail
 * the build late or, worse, bundle server code into the page. The rule keys on the directive rather
 * than on file paths because client and server components sit side by side in the app folders.
 */
const forbidden: { test: (source: string) => boolean; why: string }[] = [
  { test: (s) => s === "@trade/db" || s.startsWith("@trade/db/"), why: "the database package" },
  {
    // The API package's browser-safe entry points: the typed client, money and error helpers.
    test: (s) =>
      (s === "@trade/api" || s.startsWith("@trade/api/")) &&
      !["@trade/api/client", "@trade/api/money", "@trade/api/errors"].includes(s),
    why: "a server entry of @trade/api (use @trade/api/client, /money or /errors)",
  },
  { test: (s) => s === "server-only" || /(^|\/)server(\/|$)/.test(s), why: "a server-only module" },
  { test: (s) => s.startsWith("node:"), why: "a Node.js built-in" },
];

export const clientBoundary: Rule.RuleModule = {
  meta: {
    type: "problem",
    docs: { description: "Client components import no database, server-only or Node modules" },
    schema: [],
    messages: { forbidden: "A client component must not import {{what}} ('{{source}}')." },
  },
  create(context) {
    const first = context.sourceCode.ast.body[0];
    const isClient =
      first?.type === "ExpressionStatement" &&
      first.expression.type === "Literal" &&
      first.expression.value === "use client";
    if (!isClient) return {};
    const check = (node: Rule.Node, source: unknown) => {
      if (typeof source !== "string") return;
      const hit = forbidden.find((f) => f.test(source));
      if (hit) context.report({ node, messageId: "forbidden", data: { what: hit.why, source } });
    };
    return {
      ImportDeclaration: (node) => {
        // Type-only imports vanish at compile time and may name server types.
        if ((node as { importKind?: string }).importKind === "type") return;
        check(node, node.source.value);
      },
      ImportExpression: (node) => {
        if (node.source.type === "Literal") check(node, node.source.value);
      },
    };
  },
};
