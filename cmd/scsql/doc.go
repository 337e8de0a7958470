// Scsql inspects, migrates and purges the session table of scs stores
// (github.com/alexedwards/scs/v2), made with this module's stores, with scs's own, or with scs's
// gormstore.
//
// # NAME
//
// scsql - the database administrator's command for a session table
//
// # SYNOPSIS
//
//	scsql schema  [--driver NAME | --dsn DSN] [--table NAME] [--scs]
//	scsql check   [--dsn DSN] [--table NAME] [--principal] [--json] [--stale-after D]
//	scsql migrate [--dsn DSN] [--table NAME] [--principal] [--apply]
//	scsql purge   [--dsn DSN] [--table NAME] [--batch N] [--pause D] [--max-duration D]
//	scsql help    [command]
//
// Install it with
//
//	go install github.com/scsql/scsql/cmd/scsql@latest
//
// It builds with CGO_ENABLED=0: its SQLite driver is modernc.org/sqlite, in pure Go.
//
// # DESCRIPTION
//
// scsql is a thin client of the library: the DDL it prints is the dialect's own (the statements
// Store.CreateTable runs), its purge is Store.Cleanup with the same batches and the same
// cross-process cleanup lock as the applications' background cleanup, and its checks read the
// catalogue through the dialect's read-only queries. Expiry is judged by this machine's clock,
// as the application's store judges it by the application's.
//
// A table whose expiry is GORM's text time on SQLite (scs's gormstore) is read and purged with
// dialect.SQLiteGORM, the dialect the library's gormstore uses for it.
//
// # COMMANDS
//
// schema prints the statements that create the recommended table and its expiry index for a
// database, the very text Store.CreateTable runs; with --scs, the schema scs documents for its own
// store there. It connects to nothing: --driver alone is enough.
//
// check inspects a live table and prints one line per finding, graded ok, warning or problem,
// each with what to do about it:
//
//   - table: the table exists (and this user may see it);
//   - columns: token, data and expiry are present and of types the store works with;
//   - schema: which schema it is: recommended, scs (scs's documented DDL), gorm (what scs's
//     gormstore makes) or other;
//   - expiry_index: an index on expiry exists and is usable;
//   - data_limit: the data column's limit (MySQL's BLOB holds 64 KiB) against the largest
//     session stored now;
//   - expiry_range: the expiry column's range ends early (MySQL's TIMESTAMP, in 2038);
//   - text_expiry: SQLite's expiry holds GORM's text times, all in UTC or not;
//   - principal (with --principal): the principal column and its index;
//   - rows: live and expired rows;
//   - expired_rows: how long ago the oldest expired row expired; a warning past --stale-after
//     (default 1h), as no cleanup is purging the table;
//   - size: the size on disk, where the database reports it;
//   - cleanup_lock: whether another process holds the table's cleanup lock now.
//
// check only reads: it needs SELECT on the table and the catalogue views every user may read. A
// query the user may not run becomes a warning that names the privilege it needs, and check
// carries on. It reads the whole table to count its rows and measure its largest session.
//
// migrate prints the statements that move a table from scs's schema (or GORM's) to the
// recommended one, each with what it locks and how long it may take on this table's size:
// MySQL/MariaDB's BLOB to MEDIUMBLOB and TIMESTAMP(6) to DATETIME(6), keeping every expiry as the
// same UTC instant whatever the session time zone; a missing or unusable expiry index (PostgreSQL:
// CREATE INDEX CONCURRENTLY, which does not block writes); with --principal, the principal column
// and its index. With --apply it runs them, on one connection. The library's stores and scs's keep
// working throughout (on MySQL/MariaDB their writes wait while the table is copied); the library's
// stores read the column types once, so restart the application afterwards.
//
// purge deletes the expired sessions now with Store.Cleanup: in batches of --batch rows, with
// --pause between two delete statements (default: as long as the one before took, at least
// 250ms; 0: none), starting no statement after --max-duration. It first takes the table's
// cleanup lock (PostgreSQL advisory lock, MySQL/MariaDB GET_LOCK, SQL Server sp_getapplock;
// SQLite has none and its writers queue), so it coexists with the background cleanup of any
// number of replicas: if another process holds the lock, purge deletes nothing. On a terminal it
// shows a progress bar with rows deleted, rows left (counted once at the start: an estimate) and
// rate; otherwise, as under cron, it prints one summary line. Ctrl-C (SIGINT) or SIGTERM stops it
// between batches: the statement in flight is rolled back and the lock released.
//
// help prints the help of scsql or of a command; scsql CMD -h does the same. Each has an example.
//
// # CONNECTING
//
// Every command but schema connects with --dsn (or the environment variable SCSQL_DSN, which
// keeps a password out of ps and crontabs), in the form the database's driver takes. --driver
// (or SCSQL_DRIVER) names the driver; without it the database is recognised from the DSN:
//
//	postgres://user:password@host:5432/app?sslmode=disable   PostgreSQL (lib/pq); also postgresql://
//	host=db user=app password=... dbname=app                PostgreSQL, with --driver postgres or pgx
//	sqlserver://user:password@host:1433?database=app         SQL Server (microsoft/go-mssqldb)
//	server=db;user id=app;password=...;database=app         SQL Server, with --driver sqlserver
//	user:password@tcp(host:3306)/app                         MySQL, MariaDB or TiDB (go-sql-driver)
//	file:/var/lib/app/sessions.db?_pragma=busy_timeout(5000) SQLite (modernc.org/sqlite)
//	/var/lib/app/sessions.db                                 SQLite: a path ending in .db, .sqlite or .sqlite3
//
// --driver pgx connects through pgx's database/sql driver instead of lib/pq. --table (or
// SCSQL_TABLE) is the session table, schema-qualified if need be (auth.sessions), default
// sessions; it is validated exactly as the library's Config.TableName is, and a name the
// library refuses is a usage error before anything connects. The DSN's password never appears in
// any output or error.
//
// # EXIT STATUS
//
//	0    done; check: healthy
//	1    check: warnings only
//	2    check: problems
//	3    failed: cannot connect, a statement failed
//	4    purge: skipped, another process held the cleanup lock; nothing deleted
//	5    purge: stopped at --max-duration with expired sessions left
//	64   usage error: bad flags, an unknown command, a DSN whose database cannot be told, a bad --table
//	130  interrupted by SIGINT or SIGTERM; the cleanup lock released
//
// # JSON OUTPUT
//
// check --json writes one JSON object, for monitoring systems. Its field names are stable; fields
// may be added. A number or boolean is null when it could not be read (a finding says why).
//
//	{
//	  "table": "sessions",
//	  "dialect": "postgres",            // the dialect that reads it: mysql, tidb, postgres, sqlite, sqlite-gorm, sqlserver
//	  "exists": true,
//	  "columns": [{"name": "token", "type": "text", "declared": "text"}, ...],  // and "max_bytes" where limited
//	  "indexes": [{"name": "sessions_expiry_idx", "column": "expiry", "usable": true}, ...],
//	  "schema": "recommended",          // recommended, scs, gorm or other
//	  "live_rows": 1200,
//	  "expired_rows": 35,
//	  "oldest_expired_age_seconds": 240.5,
//	  "max_data_bytes": 512,
//	  "size_bytes": 245760,
//	  "size_of": "the table, its TOAST and its indexes",
//	  "cleanup_lock_held": false,
//	  "misjudged_rows": 0,              // sqlite-gorm only: expiries not in UTC
//	  "status": "ok",                   // ok, warning or problem: the worst finding's, as the exit status
//	  "findings": [
//	    {"check": "expiry_index", "severity": "ok", "message": "expiry index sessions_expiry_idx"},
//	    {"check": "expired_rows", "severity": "warning", "message": "...", "action": "..."}
//	  ],
//	  "checked_at": "2026-12-02T13:30:54.956Z"
//	}
//
// # EXAMPLES
//
// Create the recommended table:
//
//	scsql schema --driver postgres --table auth.sessions | psql app
//
// Check a table from a monitoring system:
//
//	SCSQL_DSN='monitor:secret@tcp(db:3306)/app' scsql check --json
//
// Review, then run, the migration of scs's MySQL table:
//
//	scsql migrate --dsn 'root@tcp(127.0.0.1:3306)/app'
//	scsql migrate --dsn 'root@tcp(127.0.0.1:3306)/app' --apply
//
// Purge from cron every ten minutes, at most five minutes a run:
//
//	*/10 * * * * SCSQL_DSN=postgres://app@db/app scsql purge --max-duration 5m
package main
