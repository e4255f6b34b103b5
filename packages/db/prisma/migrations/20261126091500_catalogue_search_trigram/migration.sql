-- Hand-written: the storefront search (catalog.list `q`) is a case-insensitive substring match,
-- `title ILIKE '%q%' OR description ILIKE '%q%'`, which no b-tree can serve: without an index
-- every search tested listed products one by one along the sort order (all of them when few
-- match). pg_trgm's GIN operator class indexes every three-character piece of the text and
-- answers LIKE / ILIKE with the rows holding all of the pattern's trigrams (rechecked against the
-- row), so a selective search reads only its candidates. One index per column: the OR becomes a
-- BitmapOr of the two. Partial like the sort indexes, over listed products only (the catalogue's
-- WHERE implies `status = 'LISTED'`). Prisma's schema cannot describe partial GIN indexes, so
-- schema.prisma does not mention them and the drift check does not see them (nor the extension).
--
-- gin_pending_list_limit = 64 (kB, the minimum; the default is 4 MB): GIN queues new entries in
-- a pending list that every search reads in full and that only VACUUM or an overflow merges. With
-- 4 MB, a bulk load or a few thousand price changes (each rewrites the product row through the
-- price triggers) left thousands of queued rows and the planner went back to testing every
-- product until autovacuum ran; with 64 kB the writer that overflows it merges a hundred-odd
-- rows. (fastupdate = off, one index insert per row, made the 25,000-product load 2.5x slower.)
--
-- pg_trgm ships with PostgreSQL (contrib) and is a trusted extension since PostgreSQL 13: the
-- database owner may create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX "products_listed_title_trgm" ON "products" USING gin ("title" gin_trgm_ops)
  WITH (gin_pending_list_limit = 64) WHERE "status" = 'LISTED';
CREATE INDEX "products_listed_description_trgm" ON "products" USING gin ("description" gin_trgm_ops)
  WITH (gin_pending_list_limit = 64) WHERE "status" = 'LISTED';
