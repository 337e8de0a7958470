package doccheck_test

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// root is the repository's top directory, from this package's.
const root = "../.."

// pending are pages that other branches add; a link to one is checked once it exists. Remove
// an entry once its page is merged.
var pending = map[string]bool{}

// doc is one Markdown file: its lines outside fenced blocks, its inline code spans and its
// fenced code blocks.
type doc struct {
	path   string // relative to root, slash-separated
	prose  []line
	code   []string // inline code spans and fenced blocks, in order
	blocks []block  // fenced blocks
}

type line struct {
	n    int
	text string
}

type block struct {
	n    int // line of the opening fence
	lang string
	text string
}

func docs(t *testing.T) []doc {
	t.Helper()
	paths := []string{"README.md"}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range more {
		rel, err := filepath.Rel(root, p)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, filepath.ToSlash(rel))
	}
	var out []doc
	for _, p := range paths {
		out = append(out, parse(t, p))
	}
	return out
}

var inlineCode = regexp.MustCompile("`[^`]+`")

func parse(t *testing.T, path string) doc {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, path))
	if err != nil {
		t.Fatal(err)
	}
	d := doc{path: path}
	var cur *block
	var body strings.Builder
	sc := bufio.NewScanner(bytes.NewReader(b))
	for n := 1; sc.Scan(); n++ {
		text := sc.Text()
		if strings.HasPrefix(text, "```") {
			if cur == nil {
				cur = &block{n: n, lang: strings.TrimPrefix(text, "```")}
				body.Reset()
				continue
			}
			cur.text = body.String()
			d.blocks = append(d.blocks, *cur)
			d.code = append(d.code, cur.text)
			cur = nil
			continue
		}
		if cur != nil {
			body.WriteString(text + "\n")
			continue
		}
		for _, span := range inlineCode.FindAllString(text, -1) {
			d.code = append(d.code, strings.Trim(span, "`"))
		}
		d.prose = append(d.prose, line{n, text})
	}
	if cur != nil {
		t.Errorf("%s:%d: code block never closed", path, cur.n)
	}
	return d
}

var (
	link    = regexp.MustCompile(`\[[^\]]*\]\(([^)\s]+)\)`)
	heading = regexp.MustCompile(`^#{1,6}\s+(.*)$`)
)

// anchors returns the anchors GitHub makes for the headings of the Markdown file at path.
func anchors(t *testing.T, path string) map[string]bool {
	t.Helper()
	d := parse(t, path)
	seen := map[string]int{}
	out := map[string]bool{}
	for _, l := range d.prose {
		m := heading.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		s := slug(m[1])
		if k := seen[s]; k > 0 {
			out[fmt.Sprintf("%s-%d", s, k)] = true
		} else {
			out[s] = true
		}
		seen[s]++
	}
	return out
}

// slug is GitHub's anchor for a heading: lower case, only letters, digits, spaces, hyphens and
// underscores kept (so backticks and other punctuation go), spaces turned into hyphens.
func slug(h string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(h) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteByte('-')
		}
	}
	return b.String()
}

func TestLinks(t *testing.T) {
	cache := map[string]map[string]bool{}
	for _, d := range docs(t) {
		for _, l := range d.prose {
			for _, m := range link.FindAllStringSubmatch(l.text, -1) {
				checkLink(t, cache, d.path, l.n, m[1])
			}
		}
	}
}

func checkLink(t *testing.T, cache map[string]map[string]bool, from string, n int, target string) {
	t.Helper()
	if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
		return
	}
	path, anchor, _ := strings.Cut(target, "#")
	rel := from
	if path != "" {
		rel = filepath.ToSlash(filepath.Clean(filepath.Join(filepath.Dir(from), path)))
	}
	if _, err := os.Stat(filepath.Join(root, rel)); err != nil {
		if pending[rel] {
			t.Logf("%s:%d: %s is not here yet (another branch adds it)", from, n, rel)
			return
		}
		t.Errorf("%s:%d: link to %s: %v", from, n, target, err)
		return
	}
	if anchor == "" || !strings.HasSuffix(rel, ".md") {
		return
	}
	a, ok := cache[rel]
	if !ok {
		a = anchors(t, rel)
		cache[rel] = a
	}
	if !a[anchor] {
		t.Errorf("%s:%d: link to %s: no heading in %s has the anchor #%s", from, n, target, rel, anchor)
	}
}

var (
	makeCmd    = regexp.MustCompile(`\bmake ([a-z][a-z0-9-]*)`)
	makeTarget = regexp.MustCompile(`(?m)^([a-z][a-z0-9-]*):`)
	testName   = regexp.MustCompile(`^((?:Test|Benchmark|Fuzz|Example)[A-Za-z0-9_]*)`)
	pkgDir     = regexp.MustCompile(`(?:^|\s)\./([a-z][a-z0-9_/]*[a-z0-9])`)
)

// TestCommands checks what the docs tell a reader to run: every `make X` is a target of the
// Makefile, every test or benchmark named in code is defined in a _test.go file, and every
// ./package a command names is a directory.
func TestCommands(t *testing.T) {
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	targets := map[string]bool{}
	for _, m := range makeTarget.FindAllStringSubmatch(string(mk), -1) {
		targets[m[1]] = true
	}
	defined := testFuncs(t)
	for _, d := range docs(t) {
		for _, code := range d.code {
			for _, m := range makeCmd.FindAllStringSubmatch(code, -1) {
				if !targets[m[1]] {
					t.Errorf("%s: `make %s`: the Makefile has no target %s", d.path, m[1], m[1])
				}
			}
			if m := testName.FindStringSubmatch(code); m != nil && !strings.HasSuffix(m[1], "_") && m[1] != "Test" {
				name := strings.TrimSuffix(m[1], "…")
				if !defined[name] && !prefixOfDefined(defined, name, code) {
					t.Errorf("%s: `%s`: no test, benchmark, fuzz target or example of that name", d.path, code)
				}
			}
			for _, m := range pkgDir.FindAllStringSubmatch(code, -1) {
				if fi, err := os.Stat(filepath.Join(root, m[1])); err != nil || !fi.IsDir() {
					t.Errorf("%s: `./%s`: no such package directory", d.path, m[1])
				}
			}
		}
	}
}

// prefixOfDefined allows a name written as a pattern (`TestGalera*`, `TestPgBouncer…`).
func prefixOfDefined(defined map[string]bool, name, code string) bool {
	rest := strings.TrimPrefix(code, name)
	if !strings.HasPrefix(rest, "*") && !strings.HasPrefix(rest, "…") {
		return false
	}
	for d := range defined {
		if strings.HasPrefix(d, name) {
			return true
		}
	}
	return false
}

var funcDecl = regexp.MustCompile(`(?m)^func ((?:Test|Benchmark|Fuzz|Example)[A-Za-z0-9_]*)\(`)

func testFuncs(t *testing.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (e.Name() == ".git" || e.Name() == ".bin") {
			return filepath.SkipDir
		}
		if !strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range funcDecl.FindAllStringSubmatch(string(b), -1) {
			out[m[1]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoPrograms compiles every fenced Go block that is a whole file (it starts with a package
// clause) in a module of its own that requires this one through a replace directive, as a user's
// module would: `package main` with go build, any other package (a _test file) with go vet,
// which compiles its tests. The builds are offline, from the module cache this module's own
// build filled, and without cgo, like `make nocgo`.
func TestGoPrograms(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no builds")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the docs' programs: %v", err)
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	modText := strings.Replace(string(mod), "module github.com/scsql/scsql", "module doccheck", 1) +
		"\nrequire github.com/scsql/scsql v0.0.0\n\nreplace github.com/scsql/scsql => " + abs + "\n"
	write(t, filepath.Join(dir, "go.mod"), modText)
	write(t, filepath.Join(dir, "go.sum"), string(sum))

	programs := 0
	for _, d := range docs(t) {
		for _, b := range d.blocks {
			if b.lang != "go" || !strings.HasPrefix(strings.TrimSpace(b.text), "package ") {
				continue
			}
			programs++
			name := fmt.Sprintf("p%d", programs)
			pkg := filepath.Join(dir, name)
			if err := os.Mkdir(pkg, 0o755); err != nil {
				t.Fatal(err)
			}
			file, args := "main.go", []string{"build", "-o", os.DevNull, "./" + name}
			if !strings.HasPrefix(strings.TrimSpace(b.text), "package main\n") {
				file, args = "doc_test.go", []string{"vet", "./" + name}
			}
			write(t, filepath.Join(pkg, file), b.text)
			cmd := exec.Command(goBin, args...)
			cmd.Dir = dir
			cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOFLAGS=-mod=mod", "GOPROXY=off", "GOWORK=off")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("%s:%d: the Go program does not compile (go %s): %v\n%s", d.path, b.n, strings.Join(args, " "), err, out)
			}
		}
	}
	if programs == 0 {
		t.Error("no whole Go program found in the docs; README's quick start should be one")
	}
	t.Logf("%d Go programs checked", programs)
}

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
