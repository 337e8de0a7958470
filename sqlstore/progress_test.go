package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/scsql/scsql/dialect"
	"github.com/scsql/scsql/internal/testdb/modernc"
	"github.com/scsql/scsql/sqlstore"
)

// OnCleanupProgress sees the run's running totals after every delete statement, the last one
// equal to what the run reports.
func TestCleanupProgressReportsEveryBatch(t *testing.T) {
	ctx := context.Background()
	db := modernc.Open(t)
	var progress []sqlstore.CleanupResult
	var final sqlstore.CleanupResult
	s := sqlstore.NewDB(db, dialect.SQLite, sqlstore.Config{
		TableName:         "progress_sessions",
		CleanUpBatchSize:  10,
		CleanUpBatchPause: -1,
		OnCleanupProgress: func(r sqlstore.CleanupResult) { progress = append(progress, r) },
		OnCleanup:         func(r sqlstore.CleanupResult) { final = r },
	})
	defer s.Close()
	if err := s.CreateTable(ctx); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	for i := range 25 {
		if err := s.CommitCtx(ctx, fmt.Sprintf("progress-token-%02d-aaaaaaaaaaaaaaaaaaaaaaaaaaaa", i), []byte("x"), past); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Cleanup(ctx); n != 25 || err != nil {
		t.Fatalf("Cleanup = %d, %v; want 25, nil", n, err)
	}
	want := []int64{10, 20, 25}
	if len(progress) != len(want) {
		t.Fatalf("progress called %d times (%+v), want %d", len(progress), progress, len(want))
	}
	for i, p := range progress {
		if p.Deleted != want[i] || p.Batches != i+1 || p.Start.IsZero() || p.Duration < 0 || p.Complete {
			t.Errorf("progress[%d] = %+v, want Deleted %d after batch %d, not yet complete", i, p, want[i], i+1)
		}
	}
	if !final.Complete || final.Deleted != 25 || final.Batches != 3 {
		t.Errorf("final result %+v, want complete with 25 deleted in 3 batches", final)
	}
}
