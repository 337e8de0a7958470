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
-- try lock (key)
;
-- unlock (key)
;
-- table exists
SELECT COUNT(*) > 0 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'sessions' COLLATE NOCASE;
-- create table 1
CREATE TABLE IF NOT EXISTS "sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry REAL NOT NULL);
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
-- try lock (key)
;
-- unlock (key)
;
-- table exists
SELECT COUNT(*) > 0 FROM "auth".sqlite_master WHERE type IN ('table', 'view') AND name = 'Sessions' COLLATE NOCASE;
-- create table 1
CREATE TABLE IF NOT EXISTS "auth"."Sessions" (token TEXT PRIMARY KEY, data BLOB NOT NULL, expiry REAL NOT NULL);
-- create table 2
CREATE INDEX IF NOT EXISTS "auth"."Sessions_expiry_idx" ON "Sessions" (expiry);
-- lock key: <nil>

