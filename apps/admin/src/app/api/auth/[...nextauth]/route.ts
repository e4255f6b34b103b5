import { nextAuthRoute } from "@trade/server/auth";
import { authOptions } from "~/server/auth";

export const dynamic = "force-dynamic";

const handler = nextAuthRoute(authOptions);

export { handler as GET, handler as POST };
