-- table sessions, expiry type ""
-- columns
SELECT name, lower(CASE WHEN instr(type, '(') > 0 THEN rtrim(substr(type, 1, instr(type, '(') - 1)) ELSE type END), lower(type), 0 FROM pragma_table_info('sessions', COALESCE(NULLIF('', ''), 'main')) ORDER BY cid;
-- indexes
SELECT il.name, COALESCE(ii.name, ''), 1 FROM pragma_index_list('sessions', COALESCE(NULLIF('', ''), 'main')) il JOIN pragma_index_info(il.name, COALESCE(NULLIF('', ''), 'main')) ii ON ii.seqno = 0 ORDER BY il.name;
-- live (now)
SELECT COUNT(*) FROM "sessions" WHERE expiry > ?;
-- oldest expired (now)
SELECT (julianday(expiry) - 2440587.5) * 86400.0 FROM (SELECT MIN(expiry) AS expiry FROM "sessions" WHERE expiry <= ?) oldest;
-- max data
SELECT COALESCE(MAX(length(CAST(data AS BLOB))), 0) FROM "sessions";
-- size: the whole database file, every table in it
SELECT page_count * page_size FROM pragma_page_count(COALESCE(NULLIF('', ''), 'main')), pragma_page_size(COALESCE(NULLIF('', ''), 'main'));
-- lock held (key)
;
-- misjudged
SELECT COUNT(*) FROM "sessions" WHERE typeof(expiry) <> 'text' OR expiry NOT LIKE '%+00:00';
-- lock key: <nil>
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: the database's write lock while the index is built: reads go on (in WAL mode), writes wait up to their busy timeout (the library's store then retries; scs's returns SQLITE_BUSY)
CREATE INDEX IF NOT EXISTS "sessions_expiry_idx" ON "sessions" (expiry);
-- add principal; locks: the database's write lock: ADD COLUMN changes only the schema; the index build holds it while it reads the table
ALTER TABLE "sessions" ADD COLUMN principal TEXT;
CREATE INDEX IF NOT EXISTS "sessions_principal_idx" ON "sessions" (principal) WHERE principal IS NOT NULL;

-- table auth.Sessions, expiry type ""
-- columns
SELECT name, lower(CASE WHEN instr(type, '(') > 0 THEN rtrim(substr(type, 1, instr(type, '(') - 1)) ELSE type END), lower(type), 0 FROM pragma_table_info('Sessions', COALESCE(NULLIF('auth', ''), 'main')) ORDER BY cid;
-- indexes
SELECT il.name, COALESCE(ii.name, ''), 1 FROM pragma_index_list('Sessions', COALESCE(NULLIF('auth', ''), 'main')) il JOIN pragma_index_info(il.name, COALESCE(NULLIF('auth', ''), 'main')) ii ON ii.seqno = 0 ORDER BY il.name;
-- live (now)
SELECT COUNT(*) FROM "auth"."Sessions" WHERE expiry > ?;
-- oldest expired (now)
SELECT (julianday(expiry) - 2440587.5) * 86400.0 FROM (SELECT MIN(expiry) AS expiry FROM "auth"."Sessions" WHERE expiry <= ?) oldest;
-- max data
SELECT COALESCE(MAX(length(CAST(data AS BLOB))), 0) FROM "auth"."Sessions";
-- size: the whole database file, every table in it
SELECT page_count * page_size FROM pragma_page_count(COALESCE(NULLIF('auth', ''), 'main')), pragma_page_size(COALESCE(NULLIF('auth', ''), 'main'));
-- lock held (key)
;
-- misjudged
SELECT COUNT(*) FROM "auth"."Sessions" WHERE typeof(expiry) <> 'text' OR expiry NOT LIKE '%+00:00';
-- lock key: <nil>
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: the database's write lock while the index is built: reads go on (in WAL mode), writes wait up to their busy timeout (the library's store then retries; scs's returns SQLITE_BUSY)
CREATE INDEX IF NOT EXISTS "auth"."Sessions_expiry_idx" ON "Sessions" (expiry);
-- add principal; locks: the database's write lock: ADD COLUMN changes only the schema; the index build holds it while it reads the table
ALTER TABLE "auth"."Sessions" ADD COLUMN principal TEXT;
CREATE INDEX IF NOT EXISTS "auth"."Sessions_principal_idx" ON "Sessions" (principal) WHERE principal IS NOT NULL;

