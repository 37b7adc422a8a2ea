// Command fleetauth-expectations asks Go 1.23 for the expected results of FleetAuth's
// differential tests and writes them as JSON lines under Tests/FleetAuthTests/Resources/go-oracle/:
//
//	filepath-match.jsonl  pattern, name → path/filepath.Match on Unix (matched, or "bad pattern")
//	decision.jsonl        pattern, url  → Fleet's decision under the legacy rule (MatchString of the
//	                      pattern; empty sends) and the current rule (empty never sends; the raw
//	                      pattern compiled first; then MatchString of "^(?:" + pattern + ")")
//	origin.jsonl          url → Fleet's migration prefix: QuoteMeta(scheme://host/) from net/url
//
// The two rules are written here from Fleet's documented behaviour (GHSA-hx4v-cxpf-vh8m) on top of
// Go's regexp, so the Swift decision is checked against Go's own regexp engine.
// Run from the repository root with Go 1.23 (see DESIGN.md):
//
//	go run scripts/go-oracle/fleetauth-expectations.go
//
// The tests read the committed output and never need Go.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

const outDir = "Tests/FleetAuthTests/Resources/go-oracle"

func writeLines(name string, records []map[string]any) {
	f, err := os.Create(filepath.Join(outDir, name))
	if err != nil {
		panic(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	for _, r := range records {
		b, err := json.Marshal(r)
		if err != nil {
			panic(err)
		}
		w.Write(b)
		w.WriteByte('\n')
	}
	w.Flush()
}

// Go's own table from path/filepath/match_test.go, plus Fleet-style paths and hostile shapes.
var matchPairs = [][2]string{
	{"abc", "abc"}, {"*", "abc"}, {"*c", "abc"}, {"a*", "a"}, {"a*", "abc"}, {"a*", "ab/c"},
	{"a*/b", "abc/b"}, {"a*/b", "a/c/b"}, {"a*b*c*d*e*/f", "axbxcxdxe/f"}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f"},
	{"a*b*c*d*e*/f", "axbxcxdxe/xxx/f"}, {"a*b*c*d*e*/f", "axbxcxdxexxx/fff"}, {"a*b?c*x", "abxbbxdbxebxczzx"},
	{"a*b?c*x", "abxbbxdbxebxczzy"}, {"ab[c]", "abc"}, {"ab[b-d]", "abc"}, {"ab[e-g]", "abc"}, {"ab[^c]", "abc"},
	{"ab[^b-d]", "abc"}, {"ab[^e-g]", "abc"}, {"a\\*b", "a*b"}, {"a\\*b", "ab"}, {"a?b", "a☺b"}, {"a[^a]b", "a☺b"},
	{"a???b", "a☺b"}, {"a[^a][^a][^a]b", "a☺b"}, {"[a-ζ]*", "α"}, {"*[a-ζ]", "A"}, {"a?b", "a/b"}, {"a*b", "a/b"},
	{"[\\]a]", "]"}, {"[\\-]", "-"}, {"[x\\-]", "x"}, {"[x\\-]", "-"}, {"[x\\-]", "z"}, {"[\\-x]", "x"}, {"[\\-x]", "-"},
	{"[\\-x]", "a"}, {"[]a]", "]"}, {"[-]", "-"}, {"[x-]", "x"}, {"[x-]", "-"}, {"[x-]", "z"}, {"[-x]", "x"},
	{"[-x]", "-"}, {"[-x]", "a"}, {"\\", "a"}, {"[a-b-c]", "a"}, {"[", "a"}, {"[^", "a"}, {"[^bc", "a"}, {"a[", "a"},
	{"a[", "ab"}, {"a[", "x"}, {"a/b[", "x"}, {"*x", "xxx"},
	// secrets-path.yaml keys from Fleet's docs and e2e fixtures.
	{"helm-secret-name-paths-3/*_charts", "helm-secret-name-paths-3/oci_charts"},
	{"helm-secret-name-paths-3/*", "helm-secret-name-paths-3/oci_charts"},
	{"helm-secret-name-paths-3/*", "helm-secret-name-paths-3/a/b"},
	{"single-cluster/test-multipasswd", "single-cluster/test-multipasswd"},
	{"apps/*", "apps/nginx"}, {"apps/*", "apps"}, {"*/nginx", "apps/nginx"}, {"apps/[", "apps/nginx"},
	{"x[", "apps/nginx"}, {"apps/n*x", "apps/nginx"}, {"apps/n\\", "apps/n"}, {"apps/*[", "apps/nginx"},
	{"[!a]", "b"}, {"[^\\\\]", "\\"}, {"\\*", "*"}, {"\\[", "["},
}

var decisionPatterns = []string{
	"", ".*", `.*\.dkr\.ecr\..*\.amazonaws\.com`, `\.dkr\.ecr\.`, `^oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/`,
	`oci://123456789012\.dkr\.ecr\.eu-central-1\.amazonaws\.com/`, `https://charts\.example\.com.*`,
	`^https://charts\.example\.com.*`, `https://host1\.example\.com/.*|https://host2\.example\.com/.*`,
	`oci://registry\.example\.com.*`, "[invalid", `https://chartmuseum-service..*`, `(?i)^OCI://`, `\Qabc`, `a)(b`,
	`a|b`, `^a|b$`, `$`, `^`, `\b`, `(?m)^oci`, `x*`, `[^/]*\.amazonaws\.com/`, `\z`, `(?s).`, `\pL+://`,
	`^(https|oci)://[a-z0-9.-]+\.example\.com/`, `.+@`, `(a{1000}){2}`, `\C`, `(?P<host>[^/]+)`,
	strings.Repeat("(", 999) + "a" + strings.Repeat(")", 999),
	strings.Repeat("(", 1000) + "a" + strings.Repeat(")", 1000),
	strings.Repeat("(?:", 999) + "a" + strings.Repeat(")", 999),
}

var decisionURLs = []string{
	"", "oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx",
	"https://attacker.example/x.dkr.ecr.a.amazonaws.com", "https://charts.example.com/stable",
	"https://evil.attacker.com", "https://evil.attacker.com/?url=https://charts.example.com",
	"https://host2.example.com/charts", "evil.com?url=https://host2.example.com/x",
	"oci://registry.example.com/charts/mychart", "https://chartmuseum-service.fleet-local.svc.cluster.local:8081",
	"oci://zot-service.default.svc.cluster.local:8082/sleeper-chart", "OCI://X", "abc", "ab", "a\nb", "oci\nx",
	"https://charts.example.com@attacker.example/", "sleeper-chart", "a", "https://ü.example/ö",
}

var originURLs = []string{
	"https://charts.example.com/stable", "https://charts.example.com", "https://charts.example.com:8443/stable",
	"oci://registry.example.com/org/chart", "http://chartmuseum.internal:8080/charts", "https://a.b.c.example.com/repo",
	"", "stable/nginx", "://bad", "oci:///no-host", "HTTPS://Charts.Example.com/x", "https://user:pw@host.example/x",
	"oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/nginx", "https://host.example?x=1", "https://host.example#f",
	"oci://[::1]:5000/chart", "git::https://github.com/x/y", "https://h.example/a+b(c)",
}

func decide(pattern, s string, current bool) any {
	if pattern == "" {
		return !current
	}
	if _, err := regexp.Compile(pattern); err != nil {
		return "invalid"
	}
	if !current {
		ok, _ := regexp.MatchString(pattern, s)
		return ok
	}
	ok, err := regexp.MatchString("^(?:"+pattern+")", s)
	if err != nil {
		return "invalid-anchored"
	}
	return ok
}

func main() {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		panic(err)
	}
	var match []map[string]any
	pairs := append([][2]string{}, matchPairs...)
	rng := rand.New(rand.NewSource(6))
	alphabet := []byte("ab/*?[]^-\\")
	for i := 0; i < 1500; i++ {
		p := make([]byte, 1+rng.Intn(6))
		for j := range p {
			p[j] = alphabet[rng.Intn(len(alphabet))]
		}
		n := make([]byte, rng.Intn(5))
		for j := range n {
			n[j] = "ab/-]"[rng.Intn(5)]
		}
		pairs = append(pairs, [2]string{string(p), string(n)})
	}
	for _, pair := range pairs {
		ok, err := filepath.Match(pair[0], pair[1])
		r := map[string]any{"pattern": pair[0], "name": pair[1]}
		if err != nil {
			r["result"] = "bad pattern"
		} else {
			r["result"] = ok
		}
		match = append(match, r)
	}
	writeLines("filepath-match.jsonl", match)

	var decisions []map[string]any
	for _, p := range decisionPatterns {
		for _, u := range decisionURLs {
			decisions = append(decisions, map[string]any{
				"pattern": p, "url": u, "legacy": decide(p, u, false), "current": decide(p, u, true),
			})
		}
	}
	writeLines("decision.jsonl", decisions)

	var origins []map[string]any
	for _, raw := range originURLs {
		prefix := ""
		if u, err := url.Parse(raw); err == nil && u.Scheme != "" && u.Host != "" {
			prefix = regexp.QuoteMeta(u.Scheme + "://" + u.Host + "/")
		}
		origins = append(origins, map[string]any{"url": raw, "prefix": prefix})
	}
	writeLines("origin.jsonl", origins)
	fmt.Println("wrote", len(match), "match cases,", len(decisions), "decisions,", len(origins), "origins")
}
