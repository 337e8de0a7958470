package dialect

// The schemas scs documents for its own stores (the READMEs of scs's mysqlstore, postgresstore
// and pgxstore, sqlite3store and mssqlstore), kept as scs writes them but for the quoted names,
// so that `scsql schema --scs` prints what scs's users created. The golden test checks them
// against testdata/scs, scs's text as published.
var (
	scsMySQLSchema = []string{
		"CREATE TABLE {table} (\n\ttoken CHAR(43) PRIMARY KEY,\n\tdata BLOB NOT NULL,\n\texpiry TIMESTAMP(6) NOT NULL\n)",
		"CREATE INDEX {index} ON {table} (expiry)",
	}
	scsPostgresSchema = []string{
		"CREATE TABLE {table} (\n\ttoken TEXT PRIMARY KEY,\n\tdata BYTEA NOT NULL,\n\texpiry TIMESTAMPTZ NOT NULL\n)",
		"CREATE INDEX {index} ON {table} (expiry)",
	}
	// SQLite puts the schema on the index's name, not on the table it indexes.
	scsSQLiteSchema = []string{
		"CREATE TABLE {table} (\n\ttoken TEXT PRIMARY KEY,\n\tdata BLOB NOT NULL,\n\texpiry REAL NOT NULL\n)",
		"CREATE INDEX {schema.}{index} ON {name}(expiry)",
	}
	scsSQLServerSchema = []string{
		"CREATE TABLE {table} (\n\ttoken CHAR(43) PRIMARY KEY,\n\tdata VARBINARY(MAX) NOT NULL,\n\texpiry DATETIME2(6) NOT NULL\n)",
		"CREATE INDEX {index} ON {table} (expiry)",
	}
)
