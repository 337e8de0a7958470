-- table sessions, expiry type ""
-- columns
SELECT COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' ORDER BY ORDINAL_POSITION;
-- indexes
SELECT INDEX_NAME, COALESCE(COLUMN_NAME, ''), 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' AND SEQ_IN_INDEX = 1 ORDER BY INDEX_NAME;
-- live (now)
SELECT COUNT(*) FROM `sessions` WHERE expiry > ?;
-- oldest expired (now)
SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', expiry) / 1000000 FROM (SELECT MIN(expiry) AS expiry FROM `sessions` WHERE expiry <= ?) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_acebadbd2040ebac"
-- table sessions, expiry type "timestamp"
-- columns
SELECT COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' ORDER BY ORDINAL_POSITION;
-- indexes
SELECT INDEX_NAME, COALESCE(COLUMN_NAME, ''), 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' AND SEQ_IN_INDEX = 1 ORDER BY INDEX_NAME;
-- live (now)
SELECT COUNT(*) FROM `sessions` WHERE expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- oldest expired (now)
SELECT UNIX_TIMESTAMP(expiry) FROM (SELECT MIN(expiry) AS expiry FROM `sessions` WHERE expiry <= FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001)) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_acebadbd2040ebac"
-- migrate columns; locks: online DDL: reads and writes go on while TiDB rewrites each changed column's data, one ALTER at a time
SET SESSION time_zone = '+00:00';
ALTER TABLE `sessions` MODIFY token VARBINARY(255) NOT NULL;
ALTER TABLE `sessions` MODIFY data MEDIUMBLOB NOT NULL;
ALTER TABLE `sessions` MODIFY expiry DATETIME(6) NOT NULL;
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: online DDL: reads and writes go on while the index is backfilled
ALTER TABLE `sessions` ADD INDEX `sessions_expiry_idx` (expiry);
-- add principal; locks: online DDL: reads and writes go on
ALTER TABLE `sessions` ADD COLUMN principal VARBINARY(255) NULL;
ALTER TABLE `sessions` ADD INDEX `sessions_principal_idx` (principal);

-- table auth.Sessions, expiry type ""
-- columns
SELECT COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' ORDER BY ORDINAL_POSITION;
-- indexes
SELECT INDEX_NAME, COALESCE(COLUMN_NAME, ''), 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' AND SEQ_IN_INDEX = 1 ORDER BY INDEX_NAME;
-- live (now)
SELECT COUNT(*) FROM `auth`.`Sessions` WHERE expiry > ?;
-- oldest expired (now)
SELECT TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', expiry) / 1000000 FROM (SELECT MIN(expiry) AS expiry FROM `auth`.`Sessions` WHERE expiry <= ?) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `auth`.`Sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_8c0ed33a068e362a"
-- table auth.Sessions, expiry type "timestamp"
-- columns
SELECT COLUMN_NAME, LOWER(DATA_TYPE), LOWER(COLUMN_TYPE), COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' ORDER BY ORDINAL_POSITION;
-- indexes
SELECT INDEX_NAME, COALESCE(COLUMN_NAME, ''), 1 FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' AND SEQ_IN_INDEX = 1 ORDER BY INDEX_NAME;
-- live (now)
SELECT COUNT(*) FROM `auth`.`Sessions` WHERE expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- oldest expired (now)
SELECT UNIX_TIMESTAMP(expiry) FROM (SELECT MIN(expiry) AS expiry FROM `auth`.`Sessions` WHERE expiry <= FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001)) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `auth`.`Sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_8c0ed33a068e362a"
-- migrate columns; locks: online DDL: reads and writes go on while TiDB rewrites each changed column's data, one ALTER at a time
SET SESSION time_zone = '+00:00';
ALTER TABLE `auth`.`Sessions` MODIFY token VARBINARY(255) NOT NULL;
ALTER TABLE `auth`.`Sessions` MODIFY data MEDIUMBLOB NOT NULL;
ALTER TABLE `auth`.`Sessions` MODIFY expiry DATETIME(6) NOT NULL;
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: online DDL: reads and writes go on while the index is backfilled
ALTER TABLE `auth`.`Sessions` ADD INDEX `Sessions_expiry_idx` (expiry);
-- add principal; locks: online DDL: reads and writes go on
ALTER TABLE `auth`.`Sessions` ADD COLUMN principal VARBINARY(255) NULL;
ALTER TABLE `auth`.`Sessions` ADD INDEX `Sessions_principal_idx` (principal);

