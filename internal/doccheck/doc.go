// Package doccheck checks README.md and docs/*.md against the repository: every relative link
// and anchor resolves, every make target, test and package directory they name exists, and
// every complete Go program in them compiles. It has no code but its tests.
package doccheck
