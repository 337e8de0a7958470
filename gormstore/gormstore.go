// Package gormstore is a session store for scs on a *gorm.DB, a drop-in replacement for
// github.com/alexedwards/scs/gormstore: change the import and nothing else.
//
// It does not run its queries through GORM: it takes the *sql.DB that GORM holds (db.DB()) and
// runs scsql's prepared statements on it, one round trip per operation, with expiry judged by
// the application's clock (Config.Now) and bound in UTC. The SQL dialect follows GORM's
// dialector (db.Dialector.Name()): "mysql" (MySQL, MariaDB), "postgres", "sqlite" and
// "sqlserver". Any other gives an error wrapping ErrUnsupportedDialector. The package imports
// no GORM driver.
//
// Like scs's gormstore, New creates the table when it is missing; scs's gormstore hard-codes
// the table "sessions", and so do New and NewWithCleanupInterval here.
//
// # Tables
//
// A table that scs's gormstore created (GORM's AutoMigrate of its session type) works
// unchanged, and scs's gormstore and this one can share it while you migrate. GORM makes:
//
//	MySQL, MariaDB: token varchar(43) PRIMARY KEY, data longblob, expiry datetime(3), index idx_sessions_expiry
//	PostgreSQL:     token varchar(43) PRIMARY KEY, data bytea, expiry timestamptz(3), index idx_sessions_expiry
//	SQLite:         token varchar(43) PRIMARY KEY, data blob, expiry datetime, index idx_sessions_expiry
//
// When the table is missing, New creates scsql's recommended table for the database instead
// (see mysqlstore and postgresstore; on SQLite, see below), with the expiry index
// sessions_expiry_idx; when it exists, New leaves it as it is. scs's gormstore, started later
// on a table this store created (to roll back, say), alters it to GORM's column types with
// AutoMigrate and adds its own index; the two still share it.
//
// # SQLite
//
// Two GORM SQLite drivers are tested: GORM's own (gorm.io/driver/sqlite, on mattn/go-sqlite3,
// which needs cgo: without it the program compiles but fails at its first statement) and the
// pure-Go github.com/glebarez/sqlite. Both store a time.Time as text such as
// "2030-01-02 03:04:05.12+00:00", where sqlite3store's table keeps a julian-day number. On
// SQLite this store therefore uses dialect.SQLiteGORM: it writes and compares expiries as that
// same text, in UTC, which sorts in time order, so the expiry index serves lookups and purges.
// scs commits every expiry in UTC, so rows written by scs's gormstore and by this store agree
// byte for byte. The table this store creates on SQLite keeps expiry as DATETIME for the same
// reason. (scs's gormstore itself compares expiries with time.Now() in the process's local
// zone, so on SQLite it judges expiry correctly only where the local zone is UTC; this store
// does not depend on the zone.)
//
// # MySQL and MariaDB
//
// Times are bound as UTC text; GORM's datetime(3) column keeps no zone and is not converted
// through the session time zone. scs's gormstore goes through GORM and go-sql-driver/mysql,
// which write a time in the DSN's loc, UTC unless the DSN says otherwise: leave loc unset (or
// loc=UTC) while both stores share a table, so both write the same instant. (scs's gormstore
// also needs parseTime=true to read its rows; this store never reads a time back.)
//
// # What is verified
//
// The tests run the scsql conformance suite on MariaDB, PostgreSQL and SQLite (through both
// drivers above), on the tables
// this store creates and on tables scs's own gormstore created, and share a table with scs's
// gormstore in both directions (finds, overwrites, deletes, expiry, listing, purge) on each of
// the three, on scs's table and on this store's. SQL Server is chosen by the dialector's name and runs mssqlstore's SQL, which
// compares GORM's datetimeoffset column with a UTC datetime2 parameter; it is not tested
// against GORM here, as no SQL Server runs in this module's CI.
package gormstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
	"gorm.io/gorm"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/sqlstore"
)

// Store is the session store; see sqlstore.Store.
type Store = sqlstore.Store

// GORMStore is scs's name for Store.
type GORMStore = Store

// Config configures a Store; see sqlstore.Config.
type Config = sqlstore.Config

// GobPrincipal returns a Config.Principal for sessions encoded by scs's default codec: the
// value stored under key. See sqlstore.GobPrincipal.
func GobPrincipal(key string) func(data []byte) (principal string, ok bool) {
	return sqlstore.GobPrincipal(key)
}

// PrincipalFromCodec returns a Config.Principal for sessions encoded by codec: the value
// stored under key. See sqlstore.PrincipalFromCodec.
func PrincipalFromCodec(codec scs.Codec, key string) func(data []byte) (principal string, ok bool) {
	return sqlstore.PrincipalFromCodec(codec, key)
}

// ErrUnsupportedDialector is wrapped by the error of a constructor given a *gorm.DB whose
// dialector is not MySQL, PostgreSQL, SQLite or SQL Server.
var ErrUnsupportedDialector = errors.New("gormstore: unsupported GORM dialector")

// New returns a Store on the table "sessions" that deletes expired sessions every 5 minutes,
// creating the table if it is missing.
func New(db *gorm.DB) (*GORMStore, error) {
	return NewWithCleanupInterval(db, sqlstore.DefaultCleanUpInterval)
}

// NewWithCleanupInterval returns a Store on the table "sessions" that deletes expired sessions
// every cleanupInterval, creating the table if it is missing; 0 disables the background
// cleanup.
func NewWithCleanupInterval(db *gorm.DB, cleanupInterval time.Duration) (*GORMStore, error) {
	return NewWithConfig(db, Config{CleanUpInterval: cleanupInterval})
}

// NewWithConfig returns a Store configured by cfg on the *sql.DB that db holds, creating the
// table if it is missing. The error wraps ErrUnsupportedDialector for a database other than
// MySQL, PostgreSQL, SQLite or SQL Server, dialect.ErrInvalidTableName for an invalid
// cfg.TableName, and otherwise the error of db.DB() or of creating the table. The table is
// created under db's context (db.WithContext).
func NewWithConfig(db *gorm.DB, cfg Config) (*Store, error) {
	d, err := dialectOf(db)
	if err != nil {
		return nil, err
	}
	if cfg.TableName == "" {
		cfg.TableName = sqlstore.DefaultTableName
	}
	if _, err := d.QuoteTable(cfg.TableName); err != nil {
		return nil, fmt.Errorf("gormstore: %w", err)
	}
	if cfg.Principal != nil {
		if err := d.CheckPrincipalTable(cfg.TableName); err != nil {
			return nil, fmt.Errorf("gormstore: %w", err)
		}
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("gormstore: %w", err)
	}
	ctx := context.Background()
	if db.Statement != nil && db.Statement.Context != nil {
		ctx = db.Statement.Context
	}
	s := sqlstore.NewDB(sqlDB, d, cfg)
	// CreateTable does nothing when the table exists, so a table GORM made keeps its columns
	// and its one expiry index (idx_sessions_expiry).
	if err := s.CreateTable(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("gormstore: %w", err)
	}
	return s, nil
}

// dialectOf returns the SQL dialect for db, from the name of db's dialector. On SQLite it is
// dialect.SQLiteGORM, for GORM's text times.
func dialectOf(db *gorm.DB) (dialect.Dialect, error) {
	if db == nil || db.Config == nil || db.Dialector == nil {
		return dialect.Dialect{}, fmt.Errorf("%w: the *gorm.DB has no dialector", ErrUnsupportedDialector)
	}
	switch name := db.Dialector.Name(); name {
	case "mysql":
		return dialect.MySQL, nil
	case "postgres":
		return dialect.Postgres, nil
	case "sqlite":
		return dialect.SQLiteGORM, nil
	case "sqlserver":
		return dialect.SQLServer, nil
	default:
		return dialect.Dialect{}, fmt.Errorf("%w %q: want mysql, postgres, sqlite or sqlserver", ErrUnsupportedDialector, name)
	}
}
