import Testing

@testable import GoRegexp

/// Differential tests against answers Go 1.23 gave (see `scripts/go-oracle/`): error codes and
/// texts, parse trees, and match results.
struct OracleTests {
    @Test func errorCodesAndTextsMatchGo() throws {
        var failures: [String] = []
        var checked = 0
        var rejected = 0
        for record in try OracleFile.records("errors.txt") {
            let pattern = try #require(OracleFile.string(record[1]), "bad record \(record)")
            let flags: ParseFlags = record[0] == "perl" ? .perl : .posix
            var have: String
            do {
                if record[0] == "perl" {
                    _ = try GoRegexp(pattern: pattern, flags: flags, longest: false)
                } else {
                    _ = try Parser.parse(pattern, flags: flags)
                }
                have = "ok"
            } catch {
                have = "\(error.code.description)\t\(error.expression)"
            }
            var want = "ok"
            if record[2] != "ok" {
                let code = try #require(OracleFile.string(record[2]))
                let expression = try #require(OracleFile.string(record[3]))
                want = String(decoding: code, as: UTF8.self) + "\t" + String(decoding: expression, as: UTF8.self)
                rejected += 1
            }
            checked += 1
            if have != want {
                failures.append("\(record[0]) \(record[1].prefix(120)): have \(have.prefix(160)), want \(want.prefix(160))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(checked) differ:\n\(failures.prefix(50).joined(separator: "\n"))")
        #expect(checked > 800)
        #expect(rejected > 500)
    }

    @Test func parseTreesMatchGo() throws {
        var failures: [String] = []
        var checked = 0
        for record in try OracleFile.records("parse.txt") {
            let pattern = try #require(OracleFile.string(record[1]))
            let flags: ParseFlags = record[0] == "perl" ? .perl : [.matchNL, .perlX, .unicodeGroups]
            let have: String
            do {
                have = ParseTreeDump.dump(try Parser.parse(pattern, flags: flags))
            } catch {
                have = "error\t\(error.code.description)\t\(error.expression)"
            }
            let want: String
            if record[2] == "error" {
                let code = String(decoding: try #require(OracleFile.string(record[3])), as: UTF8.self)
                let expression = String(decoding: try #require(OracleFile.string(record[4])), as: UTF8.self)
                want = "error\t\(code)\t\(expression)"
            } else {
                want = String(decoding: try #require(OracleFile.string(record[2])), as: UTF8.self)
            }
            checked += 1
            if have != want {
                failures.append("\(record[0]) \(record[1].prefix(100)):\n  have \(have.prefix(300))\n  want \(want.prefix(300))")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(checked) differ:\n\(failures.prefix(30).joined(separator: "\n"))")
        #expect(checked > 2_000)
    }

    @Test(arguments: ["matches.txt", "random.txt"])
    func matchResultsMatchGo(file: String) throws {
        var failures: [String] = []
        var checked = 0
        var compiled: [String: GoRegexp] = [:]
        for record in try OracleFile.records(file) {
            let pattern = try #require(OracleFile.string(record[0]))
            let input = try #require(OracleFile.string(record[1]))
            var re: GoRegexp
            if let known = compiled[record[0]] {
                re = known
            } else {
                re = try GoRegexp(pattern: pattern, flags: .perl, longest: false)
                compiled[record[0]] = re
            }
            checked += 1
            let first = re.firstMatchIndices(utf8: input)
            let matches = re.matches(utf8: input)
            re.longest = true
            let longest = re.firstMatchIndices(utf8: input)
            let where_ = "\(record[0]) on \(record[1])"
            if first != OracleFile.indices(record[2]) {
                failures.append("\(where_): first \(first.map { "\($0)" } ?? "-"), want \(record[2])")
            }
            if longest != OracleFile.indices(record[3]) {
                failures.append("\(where_): longest \(longest.map { "\($0)" } ?? "-"), want \(record[3])")
            }
            if "\(matches)" != record[4] {
                failures.append("\(where_): matches \(matches), want \(record[4])")
            }
            if let string = String(validating: input, as: UTF8.self) {
                re.longest = false
                if re.matches(string) != matches || re.firstMatchIndices(string) != first {
                    failures.append("\(where_): String and UTF-8 entry points disagree")
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures in \(checked) cases:\n\(failures.prefix(40).joined(separator: "\n"))")
        #expect(checked > 7_000)
    }
}
