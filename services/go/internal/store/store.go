// Package store opens a service's SQLite database under SCL_DATA_DIR.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // pure-Go SQLite: the binary needs no cgo
)

// Open opens (creating it and its folder) dataDir/name in WAL mode and applies schema.
//
// synchronous=NORMAL in WAL mode makes a commit durable against the process dying (kill -9:
// the WAL is in the kernel's page cache); only a power loss can lose the last commits.
// One connection serializes access as SQLite serializes writers anyway, and lets a write
// transaction start with BEGIN IMMEDIATE without busy retries.
func Open(ctx context.Context, dataDir, name, schema string) (*sql.DB, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create SCL_DATA_DIR %s: %w", dataDir, err)
	}
	path := filepath.Join(dataDir, name)
	query := url.Values{
		"_pragma": {"journal_mode(WAL)", "synchronous(NORMAL)", "busy_timeout(5000)", "foreign_keys(ON)"},
		"_txlock": {"immediate"},
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+query.Encode())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schema); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return db, nil
}

// Now is the time stored and answered: RFC 3339 in UTC with milliseconds.
func Now() string { return time.Now().UTC().Format("2006-01-02T15:04:05.000Z") }
