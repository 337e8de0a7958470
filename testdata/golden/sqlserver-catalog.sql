-- table sessions, expiry type ""
-- columns
SELECT c.name, LOWER(t.name), LOWER(t.name) + CASE WHEN t.name IN ('char', 'varchar', 'binary', 'varbinary', 'nchar', 'nvarchar') THEN '(' + CASE WHEN c.max_length < 0 THEN 'max' ELSE CAST(c.max_length AS VARCHAR(10)) END + ')' WHEN t.name IN ('datetime2', 'datetimeoffset', 'time') THEN '(' + CAST(c.scale AS VARCHAR(10)) + ')' ELSE '' END, CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID(N'[sessions]') ORDER BY c.column_id;
-- indexes
SELECT i.name, c.name, CASE WHEN i.is_disabled = 1 THEN 0 ELSE 1 END FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal = 1 JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(N'[sessions]') ORDER BY i.name;
-- live (now)
SELECT COUNT_BIG(*) FROM [sessions] WHERE expiry > @p1;
-- oldest expired (now)
SELECT DATEDIFF_BIG(MICROSECOND, '19700101', expiry) / 1000000.0 FROM (SELECT MIN(expiry) AS expiry FROM [sessions] WHERE expiry <= @p1) oldest;
-- max data
SELECT COALESCE(MAX(CAST(DATALENGTH(data) AS BIGINT)), 0) FROM [sessions];
-- size: the table and its indexes (used pages)
SELECT SUM(used_page_count) * 8192 FROM sys.dm_db_partition_stats WHERE object_id = OBJECT_ID(N'[sessions]');
-- lock held (key)
SELECT CAST(CASE WHEN APPLOCK_TEST('public', @p1, 'Exclusive', 'Session') = 0 THEN 1 ELSE 0 END AS BIT);
-- misjudged
;
-- lock key: "scsql cleanup sessions"
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: ONLINE = ON (Enterprise, Azure SQL): reads and writes go on, with a schema lock for an instant at the start and end; other editions refuse ONLINE: leave the WITH clause out, and writes then wait for the build
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'sessions_expiry_idx' AND object_id = OBJECT_ID(N'[sessions]')) CREATE INDEX [sessions_expiry_idx] ON [sessions] (expiry) WITH (ONLINE = ON);
-- add principal; locks: ADD of a nullable column changes only the metadata (a schema lock for an instant); the index is built ONLINE
ALTER TABLE [sessions] ADD principal VARBINARY(255) NULL;
CREATE INDEX [sessions_principal_idx] ON [sessions] (principal) WITH (ONLINE = ON);

-- table auth.Sessions, expiry type ""
-- columns
SELECT c.name, LOWER(t.name), LOWER(t.name) + CASE WHEN t.name IN ('char', 'varchar', 'binary', 'varbinary', 'nchar', 'nvarchar') THEN '(' + CASE WHEN c.max_length < 0 THEN 'max' ELSE CAST(c.max_length AS VARCHAR(10)) END + ')' WHEN t.name IN ('datetime2', 'datetimeoffset', 'time') THEN '(' + CAST(c.scale AS VARCHAR(10)) + ')' ELSE '' END, CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID(N'[auth].[Sessions]') ORDER BY c.column_id;
-- indexes
SELECT i.name, c.name, CASE WHEN i.is_disabled = 1 THEN 0 ELSE 1 END FROM sys.indexes i JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.key_ordinal = 1 JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id WHERE i.object_id = OBJECT_ID(N'[auth].[Sessions]') ORDER BY i.name;
-- live (now)
SELECT COUNT_BIG(*) FROM [auth].[Sessions] WHERE expiry > @p1;
-- oldest expired (now)
SELECT DATEDIFF_BIG(MICROSECOND, '19700101', expiry) / 1000000.0 FROM (SELECT MIN(expiry) AS expiry FROM [auth].[Sessions] WHERE expiry <= @p1) oldest;
-- max data
SELECT COALESCE(MAX(CAST(DATALENGTH(data) AS BIGINT)), 0) FROM [auth].[Sessions];
-- size: the table and its indexes (used pages)
SELECT SUM(used_page_count) * 8192 FROM sys.dm_db_partition_stats WHERE object_id = OBJECT_ID(N'[auth].[Sessions]');
-- lock held (key)
SELECT CAST(CASE WHEN APPLOCK_TEST('public', @p1, 'Exclusive', 'Session') = 0 THEN 1 ELSE 0 END AS BIT);
-- misjudged
;
-- lock key: "scsql cleanup auth.Sessions"
-- migrate columns; locks: 
-- drop unusable expiry index; locks: 
;
-- create expiry index; locks: ONLINE = ON (Enterprise, Azure SQL): reads and writes go on, with a schema lock for an instant at the start and end; other editions refuse ONLINE: leave the WITH clause out, and writes then wait for the build
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'Sessions_expiry_idx' AND object_id = OBJECT_ID(N'[auth].[Sessions]')) CREATE INDEX [Sessions_expiry_idx] ON [auth].[Sessions] (expiry) WITH (ONLINE = ON);
-- add principal; locks: ADD of a nullable column changes only the metadata (a schema lock for an instant); the index is built ONLINE
ALTER TABLE [auth].[Sessions] ADD principal VARBINARY(255) NULL;
CREATE INDEX [Sessions_principal_idx] ON [auth].[Sessions] (principal) WITH (ONLINE = ON);

