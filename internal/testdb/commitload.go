package testdb

import (
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/scsql/scsql/sqlstore"
)

// CommitLoad is what CommitWhile's writers did.
type CommitLoad struct {
	// Commits is how many commits the writers made, Failed how many of them failed, and
	// FirstErr the first failure.
	Commits, Failed int64
	FirstErr        error
	// Short is how many sessions were committed to expire during the test: the purgers must
	// delete each of them.
	Short int64
	// Live is how many distinct live sessions were committed: the purgers must delete none.
	Live int
}

// CommitWhile keeps writers goroutines committing through stores for d, writer w using
// stores[(w+i)%len(stores)] for its i'th commit: on even turns one of its 32 live sessions
// ("live-W-N", an hour ahead, data "live"), on odd turns a new session that expires 20 ms later
// ("short-W-I", data "short") for purgers to delete. It returns when every writer has stopped.
func CommitWhile(writers int, stores []*sqlstore.Store, d time.Duration) CommitLoad {
	var (
		commits, failed, short atomic.Int64
		firstErr               atomic.Value
		live                   sync.Map
		wg                     sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	for w := range writers {
		wg.Go(func() {
			for i := 0; time.Now().Before(deadline); i++ {
				s := stores[(w+i)%len(stores)]
				var err error
				if i%2 == 0 {
					token := fmt.Sprintf("live-%d-%d", w, i%64)
					if err = s.Commit(token, []byte("live"), time.Now().Add(time.Hour)); err == nil {
						live.Store(token, true)
					}
				} else {
					err = s.Commit(fmt.Sprintf("short-%d-%d", w, i), []byte("short"), time.Now().Add(20*time.Millisecond))
					if err == nil {
						short.Add(1)
					}
				}
				commits.Add(1)
				if err != nil {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, err)
				}
			}
		})
	}
	wg.Wait()
	load := CommitLoad{Commits: commits.Load(), Failed: failed.Load(), Short: short.Load()}
	load.FirstErr, _ = firstErr.Load().(error)
	live.Range(func(any, any) bool { load.Live++; return true })
	return load
}
