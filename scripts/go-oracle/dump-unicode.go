// Command dump-unicode prints Go's own Unicode tables (unicode.Categories, unicode.Scripts,
// unicode.FoldCategory, unicode.FoldScript, unicode.SimpleFold) in the text format of
// `scripts/generate-unicode-tables.py --dump`, so that the generated Swift tables can be checked
// against the Go release whose semantics GoRegexp follows:
//
//	go run scripts/go-oracle/dump-unicode.go > /tmp/go.txt
//	scripts/generate-unicode-tables.py --dump > /tmp/py.txt
//	diff /tmp/go.txt /tmp/py.txt
//
// It is a development tool only; the tests never need Go.
package main

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"unicode"
)

func ranges(t *unicode.RangeTable) string {
	var lo, hi rune = -1, -1
	var parts []string
	add := func(r rune) {
		if lo >= 0 && r == hi+1 {
			hi = r
			return
		}
		if lo >= 0 {
			parts = append(parts, fmt.Sprintf("%x-%x", lo, hi))
		}
		lo, hi = r, r
	}
	for _, r := range t.R16 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			add(c)
		}
	}
	for _, r := range t.R32 {
		for c := rune(r.Lo); c <= rune(r.Hi); c += rune(r.Stride) {
			add(c)
		}
	}
	if lo >= 0 {
		parts = append(parts, fmt.Sprintf("%x-%x", lo, hi))
	}
	return strings.Join(parts, " ")
}

func table(title string, m map[string]*unicode.RangeTable) {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		fmt.Printf("%s %s %s\n", title, k, ranges(m[k]))
	}
}

func main() {
	if unicode.Version != "15.0.0" {
		fmt.Fprintln(os.Stderr, "warning: Go's unicode.Version is", unicode.Version)
	}
	table("category", unicode.Categories)
	table("script", unicode.Scripts)
	table("foldcategory", unicode.FoldCategory)
	table("foldscript", unicode.FoldScript)
	var parts []string
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if f := unicode.SimpleFold(r); f != r {
			parts = append(parts, fmt.Sprintf("%x:%x", r, f))
		}
	}
	fmt.Printf("simplefold %s\n", strings.Join(parts, " "))
}
