import { nextAuthRoute } from "@trade/server/auth";
import { authOptions } from "~/server/auth";

const handler = nextAuthRoute(authOptions);

export { handler as GET, handler as POST };
