-- table sessions
-- probe
SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('', ''), DATABASE()) AND TABLE_NAME = 'sessions' AND COLUMN_NAME IN ('token', 'data', 'expiry');
-- expiry datetime: MySQL DATETIME, 1000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z; data column 65535 bytes: MaxData 65535; token column 172 bytes: MaxToken 172
-- find (token, now)
SELECT data FROM `sessions` WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO `sessions` (token, data, expiry) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- all (now)
SELECT token, data FROM `sessions` WHERE expiry > ?;
-- delete expired (now, limit)
DELETE FROM `sessions` WHERE expiry <= ? ORDER BY expiry LIMIT ?;
-- expiry timestamp: MySQL TIMESTAMP, 1970-01-01T00:00:01Z to 2038-01-19T03:14:07.999999999Z; data column 65535 bytes: MaxData 65535; token column 172 bytes: MaxToken 172
-- find (token, now)
SELECT data FROM `sessions` WHERE token = ? AND expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- upsert (token, data, expiry)
INSERT INTO `sessions` (token, data, expiry) VALUES (?, ?, FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001)) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- all (now)
SELECT token, data FROM `sessions` WHERE expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- delete expired (now, limit)
DELETE FROM `sessions` WHERE expiry <= FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001) ORDER BY expiry LIMIT ?;

-- table auth.Sessions
-- probe
SELECT COLUMN_NAME, DATA_TYPE, COALESCE(CHARACTER_MAXIMUM_LENGTH, 0) FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = COALESCE(NULLIF('auth', ''), DATABASE()) AND TABLE_NAME = 'Sessions' AND COLUMN_NAME IN ('token', 'data', 'expiry');
-- expiry datetime: MySQL DATETIME, 1000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z; data column 65535 bytes: MaxData 65535; token column 172 bytes: MaxToken 172
-- find (token, now)
SELECT data FROM `auth`.`Sessions` WHERE token = ? AND expiry > ?;
-- upsert (token, data, expiry)
INSERT INTO `auth`.`Sessions` (token, data, expiry) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- all (now)
SELECT token, data FROM `auth`.`Sessions` WHERE expiry > ?;
-- delete expired (now, limit)
DELETE FROM `auth`.`Sessions` WHERE expiry <= ? ORDER BY expiry LIMIT ?;
-- expiry timestamp: MySQL TIMESTAMP, 1970-01-01T00:00:01Z to 2038-01-19T03:14:07.999999999Z; data column 65535 bytes: MaxData 65535; token column 172 bytes: MaxToken 172
-- find (token, now)
SELECT data FROM `auth`.`Sessions` WHERE token = ? AND expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- upsert (token, data, expiry)
INSERT INTO `auth`.`Sessions` (token, data, expiry) VALUES (?, ?, FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001)) ON DUPLICATE KEY UPDATE data = VALUES(data), expiry = VALUES(expiry);
-- all (now)
SELECT token, data FROM `auth`.`Sessions` WHERE expiry > FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001);
-- delete expired (now, limit)
DELETE FROM `auth`.`Sessions` WHERE expiry <= FROM_UNIXTIME(TIMESTAMPDIFF(MICROSECOND, '1970-01-01 00:00:00', ?) * 0.000001) ORDER BY expiry LIMIT ?;

