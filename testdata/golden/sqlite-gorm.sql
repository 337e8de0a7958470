-- table sessions
-- find (token, now)
SELECT data FROM "sessions" WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO "sessions" (token, data, expiry) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry;
-- delete (token)
DELETE FROM "sessions" WHERE token = ?;
-- all (now)
SELECT token, data FROM "sessions" WHERE expiry > ?;
-- before delete expired
;
-- delete expired (now, limit)
DELETE FROM "sessions" WHERE rowid IN (SELECT rowid FROM "sessions" WHERE expiry <= ? LIMIT ?);
-- count expired (now)
SELECT COUNT(*) FROM "sessions" WHERE expiry <= ?;
-- try lock (key)
;
-- unlock (key)
;
-- table exists
SELECT COUNT(*) > 0 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'sessions' COLLATE NOCASE;
-- create table 1
CREATE TABLE IF NOT EXISTS "sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL);
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- lock key: <nil>

-- table auth.Sessions
-- find (token, now)
SELECT data FROM "auth"."Sessions" WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO "auth"."Sessions" (token, data, expiry) VALUES (?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry;
-- delete (token)
DELETE FROM "auth"."Sessions" WHERE token = ?;
-- all (now)
SELECT token, data FROM "auth"."Sessions" WHERE expiry > ?;
-- before delete expired
;
-- delete expired (now, limit)
DELETE FROM "auth"."Sessions" WHERE rowid IN (SELECT rowid FROM "auth"."Sessions" WHERE expiry <= ? LIMIT ?);
-- count expired (now)
SELECT COUNT(*) FROM "auth"."Sessions" WHERE expiry <= ?;
-- try lock (key)
;
-- unlock (key)
;
-- table exists
SELECT COUNT(*) > 0 FROM "auth".sqlite_master WHERE type IN ('table', 'view') AND name = 'Sessions' COLLATE NOCASE;
-- create table 1
CREATE TABLE IF NOT EXISTS "auth"."Sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL);
-- create table 2
CREATE INDEX IF NOT EXISTS "auth"."Sessions_expiry_idx" ON "Sessions" (expiry);
-- lock key: <nil>

-- table sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO "sessions" (token, data, expiry, principal) VALUES (?, ?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, principal = excluded.principal;
-- probe
SELECT name, type, 0 FROM pragma_table_info('sessions', COALESCE(NULLIF('', ''), 'main')) WHERE name IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM "sessions" WHERE principal = ? AND expiry > ?;
-- delete by principal (principal)
DELETE FROM "sessions" WHERE principal = ?;
-- create table 1
CREATE TABLE IF NOT EXISTS "sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL, principal TEXT);
-- create table 2
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- create table 3
CREATE INDEX IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;
-- add principal 1
ALTER TABLE "sessions" ADD COLUMN principal TEXT;
-- add principal 2
CREATE INDEX IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;

-- table auth.Sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO "auth"."Sessions" (token, data, expiry, principal) VALUES (?, ?, ?, ?) ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, principal = excluded.principal;
-- probe
SELECT name, type, 0 FROM pragma_table_info('Sessions', COALESCE(NULLIF('auth', ''), 'main')) WHERE name IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM "auth"."Sessions" WHERE principal = ? AND expiry > ?;
-- delete by principal (principal)
DELETE FROM "auth"."Sessions" WHERE principal = ?;
-- create table 1
CREATE TABLE IF NOT EXISTS "auth"."Sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry DATETIME NOT NULL, principal TEXT);
-- create table 2
CREATE INDEX IF NOT EXISTS "auth"."Sessions_expiry_idx" ON "Sessions" (expiry);
-- create table 3
CREATE INDEX IF NOT EXISTS "auth"."Sessions_principal_idx" ON "Sessions" (principal) WHERE principal IS NOT NULL;
-- add principal 1
ALTER TABLE "auth"."Sessions" ADD COLUMN principal TEXT;
-- add principal 2
CREATE INDEX IF NOT EXISTS "auth"."Sessions_principal_idx" ON "Sessions" (principal) WHERE principal IS NOT NULL;

