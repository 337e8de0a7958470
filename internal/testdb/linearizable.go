package testdb

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/anishathalye/porcupine"

	"github.com/scsql/scsql/sqlstore"
)

// The linearizability check: clients commit, find and delete a few shared tokens while the
// network between store and server breaks, and every token's history of calls and answers must
// be explainable by some order of the calls in which each took effect at one instant between
// its call and its return (or, for a write that failed, at one instant after its call, or never).
// A write the store ran twice (once before a lost answer and again after) shows as a value that
// comes back after a later write or delete replaced it.
const (
	linClients     = 12
	linTokens      = 6
	linDuration    = 4 * time.Second
	linCallTimeout = time.Second
	// linFaults is how many times the network breaks during linDuration: each time the
	// server's answers are held for linSilence while statements still reach it, and then every
	// connection is cut, so that statements that ran lose their answers.
	linFaults  = 2
	linSilence = 300 * time.Millisecond
	// linCheckTimeout bounds the checker. The problem is NP-hard in the number of concurrent
	// calls on one token, and failed writes stay concurrent with everything after them.
	linCheckTimeout = time.Minute
)

// linKind is what a call in a linearizability history did.
type linKind int

const (
	linCommit linKind = iota
	linFind
	linDelete
)

// linInput is the call: its kind, the token's index and, for a commit, the value written.
type linInput struct {
	kind  linKind
	token int
	value string
}

// linOutput is the answer: for a find, the value found ("" when none); for a write, whether it
// failed, so that it may or may not have taken effect.
type linOutput struct {
	value  string
	failed bool
}

// linModel is a register per token. A state is the token's value, "" when there is none.
var linModel = porcupine.NondeterministicModel{
	Partition: func(history []porcupine.Operation) [][]porcupine.Operation {
		byToken := make(map[int][]porcupine.Operation)
		for _, op := range history {
			tok := op.Input.(linInput).token
			byToken[tok] = append(byToken[tok], op)
		}
		parts := make([][]porcupine.Operation, 0, len(byToken))
		for _, ops := range byToken {
			parts = append(parts, ops)
		}
		return parts
	},
	Init: func() []any { return []any{""} },
	Step: func(state, input, output any) []any {
		in, out, cur := input.(linInput), output.(linOutput), state.(string)
		next := ""
		switch in.kind {
		case linFind:
			if out.value != cur {
				return nil
			}
			return []any{cur}
		case linCommit:
			next = in.value
		}
		if out.failed {
			return []any{cur, next} // it may have taken effect, or not
		}
		return []any{next}
	},
	DescribeOperation: func(input, output any) string {
		in, out := input.(linInput), output.(linOutput)
		switch {
		case in.kind == linFind:
			return fmt.Sprintf("find(t%d) = %q", in.token, out.value)
		case in.kind == linCommit:
			return fmt.Sprintf("commit(t%d, %q) failed=%v", in.token, in.value, out.failed)
		default:
			return fmt.Sprintf("delete(t%d) failed=%v", in.token, out.failed)
		}
	},
}

// linRecorder collects the operations of one history, timed on one monotonic clock.
type linRecorder struct {
	start time.Time
	mu    sync.Mutex
	ops   []porcupine.Operation
	// failedWrites and failedFinds count what the network broke.
	failedWrites, failedFinds int
}

func (r *linRecorder) now() int64 { return int64(time.Since(r.start)) }

// add records a call of client made at call with input in; it returned at ret with value found
// (finds) and err. A failed find tells nothing and is left out; a failed write may take effect
// at any time after its call, so its return is put at the end of time.
func (r *linRecorder) add(client int, in linInput, call, ret int64, found string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := linOutput{value: found}
	if err != nil {
		if in.kind == linFind {
			r.failedFinds++
			return
		}
		r.failedWrites++
		out = linOutput{failed: true}
		ret = math.MaxInt64
	}
	r.ops = append(r.ops, porcupine.Operation{ClientId: client, Input: in, Call: call, Output: out, Return: ret})
}

// linearizable checks that concurrent Commit, Find and Delete calls through a network that
// breaks form linearizable histories, and that the check rejects a planted stale read.
func linearizable(t *testing.T, b FaultBackend) {
	proxy, s, _ := faultStore(t, b, sqlstore.Config{})
	tokens := make([]string, linTokens)
	for i := range tokens {
		tokens[i] = Token(t)
	}
	rec := &linRecorder{start: time.Now()}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for c := range linClients {
		wg.Go(func() { linClient(s, rec, tokens, c, stop) })
	}
	faults := linFaultSchedule(proxy, stop)
	time.Sleep(linDuration)
	close(stop)
	cut := <-faults
	waitOrFail(t, &wg, linCallTimeout+faultSlack, proxy, "linearizability clients")
	proxy.Heal()

	// One last find of every token on a whole network closes each history with what the
	// database finally holds. A store that cannot serve yet is given recoveryLimit.
	for i := range tokens {
		deadline := time.Now().Add(recoveryLimit)
		for {
			ctx, cancel := context.WithTimeout(context.Background(), linCallTimeout)
			call := rec.now()
			data, found, err := s.FindCtx(ctx, tokens[i])
			cancel()
			if err == nil {
				rec.add(linClients, linInput{kind: linFind, token: i}, call, rec.now(), foundValue(data, found), nil)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("final find of token %d: %v", i, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	history := rec.ops
	if cut == 0 {
		t.Fatalf("%d calls and the faults cut no connection: the check proves nothing", len(history))
	}
	res := porcupine.CheckOperationsTimeout(linModel.ToModel(), history, linCheckTimeout)
	switch res {
	case porcupine.Illegal:
		t.Errorf("not linearizable: %d calls on %d tokens (%d failed writes, %d failed finds); a value came back that a later write or delete had replaced: a write ran twice, or a read was stale.\n%s",
			len(history), linTokens, rec.failedWrites, rec.failedFinds, describeIllegal(history))
	case porcupine.Unknown:
		t.Errorf("the linearizability checker did not finish in %v on %d calls", linCheckTimeout, len(history))
	default:
		t.Logf("linearizable: %d calls on %d tokens, %d writes and %d finds failed during %d network faults that cut %d connections", len(history), linTokens, rec.failedWrites, rec.failedFinds, linFaults, cut)
	}

	// The check must be able to fail: a find that returns a value a later acknowledged write or
	// delete replaced is a stale read, and must be judged illegal.
	planted, ok := plantStaleRead(history)
	if !ok {
		t.Fatal("no acknowledged write was replaced by a later acknowledged one: the history is too thin to test the checker")
	}
	if res := porcupine.CheckOperationsTimeout(linModel.ToModel(), planted, linCheckTimeout); res != porcupine.Illegal {
		t.Errorf("a history of %d calls with a planted stale read was judged %s, not illegal: the check cannot fail", len(planted), res)
	}
}

// linClient runs calls on random tokens until stop is closed, each with its own deadline.
func linClient(s *sqlstore.Store, rec *linRecorder, tokens []string, client int, stop <-chan struct{}) {
	for n := 0; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		in := linInput{token: rand.N(len(tokens))}
		switch r := rand.N(10); {
		case r < 4:
			in.kind, in.value = linCommit, fmt.Sprintf("c%d-%d", client, n)
		case r < 8:
			in.kind = linFind
		default:
			in.kind = linDelete
		}
		ctx, cancel := context.WithTimeout(context.Background(), linCallTimeout)
		call := rec.now()
		var (
			found string
			err   error
		)
		switch in.kind {
		case linCommit:
			err = s.CommitCtx(ctx, tokens[in.token], []byte(in.value), time.Now().Add(time.Hour))
		case linFind:
			var data []byte
			var ok bool
			data, ok, err = s.FindCtx(ctx, tokens[in.token])
			found = foundValue(data, ok)
		case linDelete:
			err = s.DeleteCtx(ctx, tokens[in.token])
		}
		rec.add(client, in, call, rec.now(), found, err)
		cancel()
	}
}

func foundValue(data []byte, found bool) string {
	if !found {
		return ""
	}
	return string(data)
}

// linFaultSchedule breaks the network linFaults times, evenly spread over linDuration, and
// sends how many connections it cut when it is done (early if stop is closed).
func linFaultSchedule(proxy *FaultProxy, stop <-chan struct{}) <-chan int {
	done := make(chan int, 1)
	go func() {
		cut := 0
		defer func() { done <- cut }()
		gap := linDuration / (linFaults + 1)
		for range linFaults {
			select {
			case <-stop:
				return
			case <-time.After(gap - linSilence):
			}
			proxy.Mute()
			time.Sleep(linSilence)
			cut += proxy.Cut()
			proxy.Heal()
		}
	}()
	return done
}

// plantStaleRead returns a short history with a stale read in it: the first acknowledged write
// of a token that a later acknowledged write or delete replaced, the token's calls made up to
// the end of that later call, and a find right after it that returns the replaced value. A
// prefix, so that the checker, which must try every order to prove a history illegal, finishes.
func plantStaleRead(history []porcupine.Operation) ([]porcupine.Operation, bool) {
	ops := slices.Clone(history)
	slices.SortFunc(ops, func(a, b porcupine.Operation) int { return cmp.Compare(a.Call, b.Call) })
	for _, w := range ops {
		in, out := w.Input.(linInput), w.Output.(linOutput)
		if in.kind != linCommit || out.failed {
			continue
		}
		for _, later := range ops {
			lin, lout := later.Input.(linInput), later.Output.(linOutput)
			if lin.token != in.token || lin.kind == linFind || lout.failed || later.Call <= w.Return {
				continue
			}
			var prefix []porcupine.Operation
			for _, op := range ops {
				if op.Input.(linInput).token == in.token && op.Call <= later.Return {
					prefix = append(prefix, op)
				}
			}
			stale := porcupine.Operation{ClientId: linClients + 1, Input: linInput{kind: linFind, token: in.token}, Output: linOutput{value: in.value}, Call: later.Return + 1, Return: later.Return + 2}
			return append(prefix, stale), true
		}
	}
	return nil, false
}

// describeIllegal lists, for each token whose history alone is not linearizable, the calls
// around the point where the checker got stuck (the latest return among the calls it could
// order), in the order they were made, so that a failure can be read without a visualiser.
func describeIllegal(history []porcupine.Operation) string {
	const window, most = 300 * time.Millisecond, 40
	var b strings.Builder
	for _, ops := range linModel.Partition(history) {
		res, info := porcupine.CheckOperationsVerbose(linModel.ToModel(), ops, linCheckTimeout)
		if res != porcupine.Illegal {
			continue
		}
		var stuck int64
		for _, part := range info.PartialLinearizations() {
			for _, seq := range part {
				for _, i := range seq {
					if r := ops[i].Return; r != math.MaxInt64 {
						stuck = max(stuck, r)
					}
				}
			}
		}
		slices.SortFunc(ops, func(a, b porcupine.Operation) int { return cmp.Compare(a.Call, b.Call) })
		fmt.Fprintf(&b, "token %d, calls made within %v of %.3fs, where the checker got stuck:\n", ops[0].Input.(linInput).token, window, time.Duration(stuck).Seconds())
		n := 0
		for _, op := range ops {
			if op.Call < stuck-int64(window) || op.Call > stuck+int64(window) || n == most {
				continue
			}
			n++
			ret := "failed"
			if op.Return != math.MaxInt64 {
				ret = fmt.Sprintf("returned %.3fs", time.Duration(op.Return).Seconds())
			}
			fmt.Fprintf(&b, "  client %2d called %.3fs, %s: %s\n", op.ClientId, time.Duration(op.Call).Seconds(), ret, linModel.DescribeOperation(op.Input, op.Output))
		}
	}
	return b.String()
}
