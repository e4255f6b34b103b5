import { hash, verify } from "@node-rs/argon2";
import { fail } from "../errors/index.ts";

// OWASP ASVS: Argon2id, m >= 19 MiB, t = 2, p = 1.
const OPTIONS = {
  algorithm: 2 /* Algorithm.Argon2id (a const enum, unusable with isolatedModules) */,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

const COMMON = new Set([
  "password",
  "password1",
  "password123",
  "12345678",
  "123456789",
  "1234567890",
  "qwertyuiop",
  "iloveyou",
  "11111111",
  "00000000",
  "abc12345",
  "qwerty123",
  "1q2w3e4r",
  "letmein1",
  "sunshine",
  "princess",
  "football",
  "baseball",
  "welcome1",
  "admin123",
  "passw0rd",
  "trustno1",
  "superman",
  "starwars",
  "whatever",
]);

export function assertPasswordStrength(password: string): void {
  if (password.length < 8 || password.length > 256 || COMMON.has(password.toLowerCase())) fail("WEAK_PASSWORD");
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against a real hash when the email is unknown keeps response times equal, so
// timing does not reveal which emails are registered (ASVS 6.3.8).
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword("not-a-real-password-for-timing");
  return dummyHash;
}
