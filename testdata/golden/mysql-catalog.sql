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
SELECT COUNT(*) FROM `sessions` WHERE expiry > CONVERT_TZ(?, '+00:00', @@session.time_zone);
-- oldest expired (now)
SELECT UNIX_TIMESTAMP(expiry) FROM (SELECT MIN(expiry) AS expiry FROM `sessions` WHERE expiry <= CONVERT_TZ(?, '+00:00', @@session.time_zone)) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_acebadbd2040ebac"
-- migrate columns; locks: copies the whole table (ALGORITHM=COPY, LOCK=SHARED): reads go on, every write (commit, delete, purge) waits until the copy ends
SET SESSION time_zone = '+00:00';
ALTER TABLE `sessions` MODIFY token VARBINARY(255) NOT NULL, MODIFY data MEDIUMBLOB NOT NULL, MODIFY expiry DATETIME(6) NOT NULL, ALGORITHM=COPY, LOCK=SHARED;
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: builds the index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; a metadata lock for an instant at its start and end, queued behind running transactions
ALTER TABLE `sessions` ADD INDEX `sessions_expiry_idx` (expiry), ALGORITHM=INPLACE, LOCK=NONE;
-- add principal; locks: adds the column and its index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; InnoDB rebuilds the table online for the new column, which takes about as long as a copy
ALTER TABLE `sessions` ADD COLUMN principal VARBINARY(255) NULL, ADD INDEX `sessions_principal_idx` (principal), ALGORITHM=INPLACE, LOCK=NONE;

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
SELECT COUNT(*) FROM `auth`.`Sessions` WHERE expiry > CONVERT_TZ(?, '+00:00', @@session.time_zone);
-- oldest expired (now)
SELECT UNIX_TIMESTAMP(expiry) FROM (SELECT MIN(expiry) AS expiry FROM `auth`.`Sessions` WHERE expiry <= CONVERT_TZ(?, '+00:00', @@session.time_zone)) oldest;
-- max data
SELECT COALESCE(MAX(LENGTH(data)), 0) FROM `auth`.`Sessions`;
-- size: the table and its indexes, as the storage engine estimates them
SELECT DATA_LENGTH + INDEX_LENGTH FROM information_schema.TABLES WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions';
-- lock held (key)
SELECT IS_USED_LOCK(CONCAT(?, '@', LEFT(SHA1(COALESCE(NULLIF('auth', ''), DATABASE(), '')), 16))) IS NOT NULL;
-- misjudged
;
-- lock key: "scsql_cleanup_8c0ed33a068e362a"
-- migrate columns; locks: copies the whole table (ALGORITHM=COPY, LOCK=SHARED): reads go on, every write (commit, delete, purge) waits until the copy ends
SET SESSION time_zone = '+00:00';
ALTER TABLE `auth`.`Sessions` MODIFY token VARBINARY(255) NOT NULL, MODIFY data MEDIUMBLOB NOT NULL, MODIFY expiry DATETIME(6) NOT NULL, ALGORITHM=COPY, LOCK=SHARED;
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: builds the index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; a metadata lock for an instant at its start and end, queued behind running transactions
ALTER TABLE `auth`.`Sessions` ADD INDEX `Sessions_expiry_idx` (expiry), ALGORITHM=INPLACE, LOCK=NONE;
-- add principal; locks: adds the column and its index in place (ALGORITHM=INPLACE, LOCK=NONE): reads and writes go on; InnoDB rebuilds the table online for the new column, which takes about as long as a copy
ALTER TABLE `auth`.`Sessions` ADD COLUMN principal VARBINARY(255) NULL, ADD INDEX `Sessions_principal_idx` (principal), ALGORITHM=INPLACE, LOCK=NONE;

