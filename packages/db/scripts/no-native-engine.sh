#!/bin/sh
# Prisma's CLI wants its native schema engine; it cannot be downloaded offline.
# `prisma generate` only needs this path to exist. Migrations run through the WASM engine.
echo "The native Prisma schema engine is not installed. Use: npm run db:migrate / npm run db:migrate:new" >&2
exit 1
