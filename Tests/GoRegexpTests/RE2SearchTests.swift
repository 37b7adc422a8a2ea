import Testing

@testable import GoRegexp

/// Replays `re2-search.txt` as Go's `TestRE2Search` does: every regexp on every string of its
/// stanza, as a full match (`\A(?:re)\z`) and a partial match, leftmost-first and leftmost-longest,
/// comparing `FindSubmatchIndex` and `MatchString` with RE2's results.
struct RE2SearchTests {
    private struct Outcome {
        var cases = 0
        var comparisons = 0
        var skippedC = 0
        var skippedB = 0
        var failures: [String] = []
    }

    private static let columns = ["full", "partial", "full, longest", "partial, longest"]

    private static func replay() throws -> Outcome {
        var outcome = Outcome()
        var strings: [[UInt8]] = []
        var inStrings = false
        var inputs: [[UInt8]] = []
        var regexp: (pattern: [UInt8], re: GoRegexp, full: GoRegexp)?
        for (index, line) in try TestData.lines("go-regexp-testdata", "re2-search.txt").enumerated() {
            let lineno = index + 1
            guard let first = line.utf8.first else {
                Issue.record("line \(lineno): unexpected blank line")
                continue
            }
            if first == UInt8(ascii: "#") || (first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) {
                continue
            }
            if line == "strings" {
                strings = []
                inStrings = true
                continue
            }
            if line == "regexps" {
                inStrings = false
                continue
            }
            if first == UInt8(ascii: "\"") {
                let q = try #require(GoQuoted.unquote(line), "line \(lineno): cannot unquote \(line)")
                if inStrings {
                    strings.append(q)
                    continue
                }
                #expect(inputs.isEmpty, "line \(lineno): out of sync")
                do {
                    let re = try GoRegexp(pattern: q, flags: .perl, longest: false)
                    let full = try GoRegexp(pattern: Array("\\A(?:".utf8) + q + Array(")\\z".utf8), flags: .perl, longest: false)
                    regexp = (q, re, full)
                } catch {
                    regexp = nil
                    if error.description == "error parsing regexp: invalid escape sequence: `\\C`" {
                        // Go does not support \C either, and skips these.
                        outcome.skippedC += 1
                    } else {
                        outcome.failures.append("line \(lineno): compile \(GoQuoted.quote(q)): \(error)")
                    }
                }
                inputs = strings
                continue
            }
            guard first == UInt8(ascii: "-") || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else {
                Issue.record("line \(lineno): out of sync: \(line)")
                continue
            }
            outcome.cases += 1
            guard let (pattern, re, full) = regexp else {
                if !inputs.isEmpty {
                    inputs.removeFirst()
                }
                continue
            }
            guard !inputs.isEmpty else {
                Issue.record("line \(lineno): no input left")
                continue
            }
            let text = inputs.removeFirst()
            if text.contains(where: { $0 >= 0x80 }) && pattern.contains(where: { $0 == UInt8(ascii: "\\") }) {
                // RE2's \B looks at every byte position, Go's only between runes: Go skips these.
                if String(decoding: pattern, as: UTF8.self).contains("\\B") {
                    outcome.skippedB += 1
                    continue
                }
            }
            let results = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            guard results.count == 4 else {
                outcome.failures.append("line \(lineno): \(results.count) results")
                continue
            }
            for column in 0..<4 {
                var machine = column % 2 == 0 ? full : re
                machine.longest = column >= 2
                let want = Self.parseResult(results[column])
                let have = machine.firstMatchIndices(utf8: text)
                outcome.comparisons += 1
                if have != want {
                    outcome.failures.append(
                        "line \(lineno): \(GoQuoted.quote(pattern)) [\(Self.columns[column])] on \(GoQuoted.quote(text)): have \(have.map { "\($0)" } ?? "nil"), want \(want.map { "\($0)" } ?? "nil")"
                    )
                    continue
                }
                if machine.matches(utf8: text) != (want != nil) {
                    outcome.failures.append(
                        "line \(lineno): \(GoQuoted.quote(pattern)) [\(Self.columns[column])] matches(\(GoQuoted.quote(text))) = \(want == nil)"
                    )
                }
            }
        }
        #expect(inputs.isEmpty, "out of sync at end of file")
        return outcome
    }

    /// `-` (no match) or space-separated `lo-hi` pairs, `-` for an unset group.
    private static func parseResult(_ text: String) -> [Int]? {
        if text == "-" {
            return nil
        }
        var out: [Int] = []
        for pair in text.split(separator: " ") {
            if pair == "-" {
                out.append(-1)
                out.append(-1)
                continue
            }
            let parts = pair.split(separator: "-")
            out.append(Int(parts[0]) ?? -2)
            out.append(Int(parts[1]) ?? -2)
        }
        return out
    }

    @Test func everyRowMatchesGo() throws {
        let outcome = try Self.replay()
        #expect(outcome.failures.isEmpty, "\(outcome.failures.count) failures:\n\(outcome.failures.prefix(40).joined(separator: "\n"))")
        // The file has 944 regexps, 40 of them with \C, and 1,888 result lines, 1,808 of them for
        // regexps Go compiles; Go skips 4 of those (\B on multibyte text) and checks 4 columns each.
        #expect(outcome.skippedC == 40)
        #expect(outcome.cases == 1_888)
        #expect(outcome.skippedB == 4)
        #expect(outcome.comparisons == 7_216)
    }
}
