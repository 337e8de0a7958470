-- table sessions
-- find (token, now)
SELECT data FROM "sessions" WHERE token = $1 AND expiry > $2;
-- upsert (token, data, expiry)
INSERT INTO "sessions" (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry;
-- delete (token)
DELETE FROM "sessions" WHERE token = $1;
-- all (now)
SELECT token, data FROM "sessions" WHERE expiry > $1;
-- before delete expired
;
-- delete expired (now, limit)
DELETE FROM "sessions" WHERE token = ANY(ARRAY(SELECT token FROM "sessions" WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED));
-- count expired (now)
SELECT count(*) FROM "sessions" WHERE expiry <= $1;
-- try lock (key)
SELECT pg_try_advisory_lock($1);
-- unlock (key)
SELECT pg_advisory_unlock($1);
-- table exists
SELECT to_regclass('"sessions"') IS NOT NULL;
-- locked delete expired (now, limit, key)
WITH cleanup_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($3) AS taken), purged AS (DELETE FROM "sessions" WHERE (SELECT taken FROM cleanup_lock) AND token = ANY(ARRAY(SELECT token FROM "sessions" WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)) RETURNING 1) SELECT (SELECT taken FROM cleanup_lock), (SELECT count(*) FROM purged);
-- create table 1
CREATE TABLE IF NOT EXISTS "sessions" (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL);
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- scs's create table 1
CREATE TABLE "sessions" (
	token TEXT PRIMARY KEY,
	data BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
-- scs's create table 2
CREATE INDEX "sessions_expiry_idx" ON "sessions" (expiry);
-- lock key: -4344795498775707702

-- table auth.Sessions
-- find (token, now)
SELECT data FROM "auth"."sessions" WHERE token = $1 AND expiry > $2;
-- upsert (token, data, expiry)
INSERT INTO "auth"."sessions" (token, data, expiry) VALUES ($1, $2, $3) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry;
-- delete (token)
DELETE FROM "auth"."sessions" WHERE token = $1;
-- all (now)
SELECT token, data FROM "auth"."sessions" WHERE expiry > $1;
-- before delete expired
;
-- delete expired (now, limit)
DELETE FROM "auth"."sessions" WHERE token = ANY(ARRAY(SELECT token FROM "auth"."sessions" WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED));
-- count expired (now)
SELECT count(*) FROM "auth"."sessions" WHERE expiry <= $1;
-- try lock (key)
SELECT pg_try_advisory_lock($1);
-- unlock (key)
SELECT pg_advisory_unlock($1);
-- table exists
SELECT to_regclass('"auth"."sessions"') IS NOT NULL;
-- locked delete expired (now, limit, key)
WITH cleanup_lock AS MATERIALIZED (SELECT pg_try_advisory_xact_lock($3) AS taken), purged AS (DELETE FROM "auth"."sessions" WHERE (SELECT taken FROM cleanup_lock) AND token = ANY(ARRAY(SELECT token FROM "auth"."sessions" WHERE expiry <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)) RETURNING 1) SELECT (SELECT taken FROM cleanup_lock), (SELECT count(*) FROM purged);
-- create table 1
CREATE TABLE IF NOT EXISTS "auth"."sessions" (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL);
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "auth"."sessions" (expiry);
-- scs's create table 1
CREATE TABLE "auth"."sessions" (
	token TEXT PRIMARY KEY,
	data BYTEA NOT NULL,
	expiry TIMESTAMPTZ NOT NULL
);
-- scs's create table 2
CREATE INDEX "sessions_expiry_idx" ON "auth"."sessions" (expiry);
-- lock key: -6895466529684301704

-- table sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO "sessions" (token, data, expiry, principal) VALUES ($1, $2, $3, $4) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, principal = EXCLUDED.principal;
-- probe
SELECT attname::text, format_type(atttypid, atttypmod), 0::bigint FROM pg_attribute WHERE attrelid = to_regclass('"sessions"') AND attnum > 0 AND NOT attisdropped AND attname IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM "sessions" WHERE principal = $1 AND expiry > $2;
-- delete by principal (principal)
DELETE FROM "sessions" WHERE principal = $1;
-- create table 1
CREATE TABLE IF NOT EXISTS "sessions" (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL, principal VARCHAR(255));
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- create table 3
CREATE INDEX IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;
-- add principal 1
ALTER TABLE "sessions" ADD COLUMN IF NOT EXISTS principal VARCHAR(255);
-- add principal 2
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;

-- table auth.Sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO "auth"."sessions" (token, data, expiry, principal) VALUES ($1, $2, $3, $4) ON CONFLICT (token) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry, principal = EXCLUDED.principal;
-- probe
SELECT attname::text, format_type(atttypid, atttypmod), 0::bigint FROM pg_attribute WHERE attrelid = to_regclass('"auth"."sessions"') AND attnum > 0 AND NOT attisdropped AND attname IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM "auth"."sessions" WHERE principal = $1 AND expiry > $2;
-- delete by principal (principal)
DELETE FROM "auth"."sessions" WHERE principal = $1;
-- create table 1
CREATE TABLE IF NOT EXISTS "auth"."sessions" (token TEXT PRIMARY KEY, data BYTEA NOT NULL, expiry TIMESTAMPTZ NOT NULL, principal VARCHAR(255));
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "auth"."sessions" (expiry);
-- create table 3
CREATE INDEX IF NOT EXISTS "sessions_principal_idx" ON "auth"."sessions" (principal) WHERE principal IS NOT NULL;
-- add principal 1
ALTER TABLE "auth"."sessions" ADD COLUMN IF NOT EXISTS principal VARCHAR(255);
-- add principal 2
CREATE INDEX CONCURRENTLY IF NOT EXISTS "sessions_principal_idx" ON "auth"."sessions" (principal) WHERE principal IS NOT NULL;

