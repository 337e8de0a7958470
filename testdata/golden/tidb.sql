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
-- count expired (now)
SELECT COUNT(*) FROM `sessions` WHERE expiry <= ?;
-- try lock (key)
SELECT COALESCE(GET_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16)), 0), 0) = 1;
-- unlock (key)
SELECT RELEASE_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16)));
-- table exists
SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions';
-- create table 1
CREATE TABLE IF NOT EXISTS `sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, PRIMARY KEY (token), INDEX `sessions_expiry_idx` (expiry));
-- scs's create table 1
CREATE TABLE `sessions` (
	token CHAR(43) PRIMARY KEY,
	data BLOB NOT NULL,
	expiry TIMESTAMP(6) NOT NULL
);
-- scs's create table 2
CREATE INDEX `sessions_expiry_idx` ON `sessions` (expiry);
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
-- count expired (now)
SELECT COUNT(*) FROM `auth`.`Sessions` WHERE expiry <= ?;
-- try lock (key)
SELECT COALESCE(GET_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16)), 0), 0) = 1;
-- unlock (key)
SELECT RELEASE_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16)));
-- table exists
SELECT COUNT(*) > 0 FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions';
-- create table 1
CREATE TABLE IF NOT EXISTS `auth`.`Sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, PRIMARY KEY (token), INDEX `Sessions_expiry_idx` (expiry));
-- scs's create table 1
CREATE TABLE `auth`.`Sessions` (
	token CHAR(43) PRIMARY KEY,
	data BLOB NOT NULL,
	expiry TIMESTAMP(6) NOT NULL
);
-- scs's create table 2
CREATE INDEX `Sessions_expiry_idx` ON `auth`.`Sessions` (expiry);
-- lock key: "scsql_cleanup_8c0ed33a068e362a"

-- table sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO `sessions` (token, data, expiry, principal) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry), principal = VALUES(principal);
-- probe
SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' AND COLUMN_NAME IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM `sessions` WHERE principal = ? AND expiry > ?;
-- delete by principal (principal)
DELETE FROM `sessions` WHERE principal = ?;
-- create table 1
CREATE TABLE IF NOT EXISTS `sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, principal VARBINARY(255) NULL, PRIMARY KEY (token), INDEX `sessions_expiry_idx` (expiry), INDEX `sessions_principal_idx` (principal));
-- add principal 1
ALTER TABLE `sessions` ADD COLUMN principal VARBINARY(255) NULL;
-- add principal 2
ALTER TABLE `sessions` ADD INDEX `sessions_principal_idx` (principal);

-- table auth.Sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
INSERT INTO `auth`.`Sessions` (token, data, expiry, principal) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry), principal = VALUES(principal);
-- probe
SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' AND COLUMN_NAME IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM `auth`.`Sessions` WHERE principal = ? AND expiry > ?;
-- delete by principal (principal)
DELETE FROM `auth`.`Sessions` WHERE principal = ?;
-- create table 1
CREATE TABLE IF NOT EXISTS `auth`.`Sessions` (token VARBINARY(255) NOT NULL, data MEDIUMBLOB NOT NULL, expiry DATETIME(6) NOT NULL, principal VARBINARY(255) NULL, PRIMARY KEY (token), INDEX `Sessions_expiry_idx` (expiry), INDEX `Sessions_principal_idx` (principal));
-- add principal 1
ALTER TABLE `auth`.`Sessions` ADD COLUMN principal VARBINARY(255) NULL;
-- add principal 2
ALTER TABLE `auth`.`Sessions` ADD INDEX `Sessions_principal_idx` (principal);

