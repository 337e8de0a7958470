-- table sessions
-- find (token, now)
SELECT data FROM [sessions] WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2 AND expiry > @p2;
-- upsert (token, data, expiry)
BEGIN TRY BEGIN TRANSACTION; UPDATE [sessions] WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3 WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2; IF @@ROWCOUNT = 0 INSERT INTO [sessions] (token, data, expiry) VALUES (@p1, @p2, @p3); COMMIT TRANSACTION; END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH;
-- delete (token)
DELETE FROM [sessions] WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2;
-- all (now)
SELECT token, data FROM [sessions] WHERE expiry > @p1;
-- before delete expired
;
-- delete expired (now, limit)
DELETE TOP (@p2) FROM [sessions] WITH (ROWLOCK, READPAST) WHERE expiry <= @p1;
-- count expired (now)
SELECT COUNT_BIG(*) FROM [sessions] WHERE expiry <= @p1;
-- try lock (key)
DECLARE @r INT; EXEC @r = sp_getapplock @Resource = @p1, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT CAST(CASE WHEN @r >= 0 THEN 1 ELSE 0 END AS BIT);
-- unlock (key)
EXEC sp_releaseapplock @Resource = @p1, @LockOwner = 'Session';
-- table exists
SELECT CAST(CASE WHEN OBJECT_ID(N'[sessions]', N'U') IS NULL THEN 0 ELSE 1 END AS BIT);
-- create table 1
IF OBJECT_ID(N'[sessions]', N'U') IS NULL CREATE TABLE [sessions] (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL);
-- create table 2
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'sessions_expiry_idx' AND object_id = OBJECT_ID(N'[sessions]')) CREATE INDEX [sessions_expiry_idx] ON [sessions] (expiry);
-- scs's create table 1
CREATE TABLE [sessions] (
	token CHAR(43) PRIMARY KEY,
	data VARBINARY(MAX) NOT NULL,
	expiry DATETIME2(6) NOT NULL
);
-- scs's create table 2
CREATE INDEX [sessions_expiry_idx] ON [sessions] (expiry);
-- lock key: "scsql cleanup sessions"

-- table auth.Sessions
-- find (token, now)
SELECT data FROM [auth].[Sessions] WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2 AND expiry > @p2;
-- upsert (token, data, expiry)
BEGIN TRY BEGIN TRANSACTION; UPDATE [auth].[Sessions] WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3 WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2; IF @@ROWCOUNT = 0 INSERT INTO [auth].[Sessions] (token, data, expiry) VALUES (@p1, @p2, @p3); COMMIT TRANSACTION; END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH;
-- delete (token)
DELETE FROM [auth].[Sessions] WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2;
-- all (now)
SELECT token, data FROM [auth].[Sessions] WHERE expiry > @p1;
-- before delete expired
;
-- delete expired (now, limit)
DELETE TOP (@p2) FROM [auth].[Sessions] WITH (ROWLOCK, READPAST) WHERE expiry <= @p1;
-- count expired (now)
SELECT COUNT_BIG(*) FROM [auth].[Sessions] WHERE expiry <= @p1;
-- try lock (key)
DECLARE @r INT; EXEC @r = sp_getapplock @Resource = @p1, @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0; SELECT CAST(CASE WHEN @r >= 0 THEN 1 ELSE 0 END AS BIT);
-- unlock (key)
EXEC sp_releaseapplock @Resource = @p1, @LockOwner = 'Session';
-- table exists
SELECT CAST(CASE WHEN OBJECT_ID(N'[auth].[Sessions]', N'U') IS NULL THEN 0 ELSE 1 END AS BIT);
-- create table 1
IF OBJECT_ID(N'[auth].[Sessions]', N'U') IS NULL CREATE TABLE [auth].[Sessions] (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL);
-- create table 2
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'Sessions_expiry_idx' AND object_id = OBJECT_ID(N'[auth].[Sessions]')) CREATE INDEX [Sessions_expiry_idx] ON [auth].[Sessions] (expiry);
-- scs's create table 1
CREATE TABLE [auth].[Sessions] (
	token CHAR(43) PRIMARY KEY,
	data VARBINARY(MAX) NOT NULL,
	expiry DATETIME2(6) NOT NULL
);
-- scs's create table 2
CREATE INDEX [Sessions_expiry_idx] ON [auth].[Sessions] (expiry);
-- lock key: "scsql cleanup auth.Sessions"

-- table sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
BEGIN TRY BEGIN TRANSACTION; UPDATE [sessions] WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3, principal = CAST(@p4 AS VARBINARY(255)) WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2; IF @@ROWCOUNT = 0 INSERT INTO [sessions] (token, data, expiry, principal) VALUES (@p1, @p2, @p3, CAST(@p4 AS VARBINARY(255))); COMMIT TRANSACTION; END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH;
-- probe
SELECT c.name, t.name, CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID(N'[sessions]') AND c.name IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM [sessions] WHERE principal = @p1 AND expiry > @p2;
-- delete by principal (principal)
DELETE FROM [sessions] WHERE principal = @p1;
-- create table 1
IF OBJECT_ID(N'[sessions]', N'U') IS NULL CREATE TABLE [sessions] (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL, principal VARBINARY(255) NULL);
-- create table 2
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'sessions_expiry_idx' AND object_id = OBJECT_ID(N'[sessions]')) CREATE INDEX [sessions_expiry_idx] ON [sessions] (expiry);
-- create table 3
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'sessions_principal_idx' AND object_id = OBJECT_ID(N'[sessions]')) CREATE INDEX [sessions_principal_idx] ON [sessions] (principal);
-- add principal 1
ALTER TABLE [sessions] ADD principal VARBINARY(255) NULL;
-- add principal 2
CREATE INDEX [sessions_principal_idx] ON [sessions] (principal) WITH (ONLINE = ON);

-- table auth.Sessions, with Config.Principal
-- upsert (token, data, expiry, principal)
BEGIN TRY BEGIN TRANSACTION; UPDATE [auth].[Sessions] WITH (UPDLOCK, SERIALIZABLE) SET data = @p2, expiry = @p3, principal = CAST(@p4 AS VARBINARY(255)) WHERE token = @p1 AND token = CAST(@p1 AS VARCHAR(8000)) COLLATE Latin1_General_100_BIN2; IF @@ROWCOUNT = 0 INSERT INTO [auth].[Sessions] (token, data, expiry, principal) VALUES (@p1, @p2, @p3, CAST(@p4 AS VARBINARY(255))); COMMIT TRANSACTION; END TRY BEGIN CATCH IF @@TRANCOUNT > 0 ROLLBACK TRANSACTION; THROW; END CATCH;
-- probe
SELECT c.name, t.name, CAST(CASE WHEN c.max_length < 0 THEN 0 ELSE c.max_length END AS BIGINT) FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id WHERE c.object_id = OBJECT_ID(N'[auth].[Sessions]') AND c.name IN ('token', 'data', 'expiry', 'principal');
-- find by principal (principal, now)
SELECT token, data FROM [auth].[Sessions] WHERE principal = @p1 AND expiry > @p2;
-- delete by principal (principal)
DELETE FROM [auth].[Sessions] WHERE principal = @p1;
-- create table 1
IF OBJECT_ID(N'[auth].[Sessions]', N'U') IS NULL CREATE TABLE [auth].[Sessions] (token VARCHAR(255) COLLATE Latin1_General_100_BIN2 NOT NULL PRIMARY KEY, data VARBINARY(MAX) NOT NULL, expiry DATETIME2(6) NOT NULL, principal VARBINARY(255) NULL);
-- create table 2
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'Sessions_expiry_idx' AND object_id = OBJECT_ID(N'[auth].[Sessions]')) CREATE INDEX [Sessions_expiry_idx] ON [auth].[Sessions] (expiry);
-- create table 3
IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'Sessions_principal_idx' AND object_id = OBJECT_ID(N'[auth].[Sessions]')) CREATE INDEX [Sessions_principal_idx] ON [auth].[Sessions] (principal);
-- add principal 1
ALTER TABLE [auth].[Sessions] ADD principal VARBINARY(255) NULL;
-- add principal 2
CREATE INDEX [Sessions_principal_idx] ON [auth].[Sessions] (principal) WITH (ONLINE = ON);

