-- table sessions
-- find (token, now)
SELECT data FROM `sessions` WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO `sessions` (token, data, expiry) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- delete (token)
DELETE FROM `sessions` WHERE token = ?;
-- all (now)
SELECT token, data FROM `sessions` WHERE expiry > ?;
-- before delete expired
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
-- delete expired (now, limit)
DELETE FROM `sessions` WHERE expiry <= ? ORDER BY expiry LIMIT ?;
-- try lock (key)
SELECT COALESCE(GET_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16)), 0), 0) = 1;
-- unlock (key)
SELECT RELEASE_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16)));
-- table exists
SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions';
-- create table 1
CREATE TABLE IF NOT EXISTS `sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, PRIMARY KEY (token), INDEX `sessions_expiry_idx` (expiry));
-- lock key: "scsql_cleanup_acebadbd2040ebac"

-- table auth.Sessions
-- find (token, now)
SELECT data FROM `auth`.`Sessions` WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO `auth`.`Sessions` (token, data, expiry) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- delete (token)
DELETE FROM `auth`.`Sessions` WHERE token = ?;
-- all (now)
SELECT token, data FROM `auth`.`Sessions` WHERE expiry > ?;
-- before delete expired
SET TRANSACTION ISOLATION LEVEL READ COMMITTED;
-- delete expired (now, limit)
DELETE FROM `auth`.`Sessions` WHERE expiry <= ? ORDER BY expiry LIMIT ?;
-- try lock (key)
SELECT COALESCE(GET_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16)), 0), 0) = 1;
-- unlock (key)
SELECT RELEASE_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16)));
-- table exists
SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions';
-- create table 1
CREATE TABLE IF NOT EXISTS `auth`.`Sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, PRIMARY KEY (token), INDEX `Sessions_expiry_idx` (expiry));
-- lock key: "scsql_cleanup_8c0ed33a068e362a"

