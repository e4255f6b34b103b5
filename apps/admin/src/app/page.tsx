import { redirect } from "next/navigation";
import { getSession, homeOf } from "~/server/auth";

export const dynamic = "force-dynamic";

/** `/admin`: each role has its own home; signed-out visitors go to the sign-in page. */
export default async function AdminHomePage() {
  const session = await getSession();
  redirect(session ? homeOf(session.user.role) : "/login");
}
