-- table sessions, expiry type ""
-- columns
SELECT a.attname::text, t.typname::text, format_type(a.atttypid, a.atttypmod), 0::bigint FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass('"sessions"') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
-- indexes
SELECT i.relname::text, COALESCE(a.attname::text, ''), CASE WHEN x.indisvalid THEN 1 ELSE 0 END FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] WHERE x.indrelid = to_regclass('"sessions"') ORDER BY 1;
-- live (now)
SELECT count(*) FROM "sessions" WHERE expiry > $1;
-- oldest expired (now)
SELECT EXTRACT(EPOCH FROM expiry)::float8 FROM (SELECT min(expiry) AS expiry FROM "sessions" WHERE expiry <= $1) oldest;
-- max data
SELECT COALESCE(max(octet_length(data)), 0) FROM "sessions";
-- size: the table, its TOAST and its indexes
SELECT pg_total_relation_size(to_regclass('"sessions"'));
-- lock held (key)
SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = (($1::bigint >> 32) & 4294967295)::oid AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1 AND pid <> pg_backend_pid());
-- misjudged
;
-- lock key: -4344795498775707702
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
DROP INDEX CONCURRENTLY IF EXISTS "sessions_expiry_idx";
-- create expiry index; locks: SHARE UPDATE EXCLUSIVE on the table: reads and writes go on, other schema changes and VACUUM wait; it scans the table twice and, before each scan and at the end, waits for every transaction then running in the database, on any table (run outside a transaction)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- add principal; locks: ADD COLUMN takes ACCESS EXCLUSIVE for an instant (catalog only, no rewrite), queued behind running transactions; the index is built CONCURRENTLY, reads and writes go on
ALTER TABLE "sessions" ADD COLUMN IF NOT EXISTS principal VARCHAR(255);
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;

-- table auth.Sessions, expiry type ""
-- columns
SELECT a.attname::text, t.typname::text, format_type(a.atttypid, a.atttypmod), 0::bigint FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid WHERE a.attrelid = to_regclass('"auth"."sessions"') AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum;
-- indexes
SELECT i.relname::text, COALESCE(a.attname::text, ''), CASE WHEN x.indisvalid THEN 1 ELSE 0 END FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[0] WHERE x.indrelid = to_regclass('"auth"."sessions"') ORDER BY 1;
-- live (now)
SELECT count(*) FROM "auth"."sessions" WHERE expiry > $1;
-- oldest expired (now)
SELECT EXTRACT(EPOCH FROM expiry)::float8 FROM (SELECT min(expiry) AS expiry FROM "auth"."sessions" WHERE expiry <= $1) oldest;
-- max data
SELECT COALESCE(max(octet_length(data)), 0) FROM "auth"."sessions";
-- size: the table, its TOAST and its indexes
SELECT pg_total_relation_size(to_regclass('"auth"."sessions"'));
-- lock held (key)
SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) AND classid = (($1::bigint >> 32) & 4294967295)::oid AND objid = ($1::bigint & 4294967295)::oid AND objsubid = 1 AND pid <> pg_backend_pid());
-- misjudged
;
-- lock key: -6895466529684301704
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
DROP INDEX CONCURRENTLY IF EXISTS "auth"."sessions_expiry_idx";
-- create expiry index; locks: SHARE UPDATE EXCLUSIVE on the table: reads and writes go on, other schema changes and VACUUM wait; it scans the table twice and, before each scan and at the end, waits for every transaction then running in the database, on any table (run outside a transaction)
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_expiry_idx" ON "auth"."sessions" (expiry);
-- add principal; locks: ADD COLUMN takes ACCESS EXCLUSIVE for an instant (catalog only, no rewrite), queued behind running transactions; the index is built CONCURRENTLY, reads and writes go on
ALTER TABLE "auth"."sessions" ADD COLUMN IF NOT EXISTS principal VARCHAR(255);
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_principal_idx" ON "auth"."sessions" (principal) WHERE principal IS NOT NULL;

