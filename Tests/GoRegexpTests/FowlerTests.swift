import Testing

@testable import GoRegexp

/// Replays the AT&T POSIX test files as Go's `testFowler` does: `E` rows (extended regular
/// expressions) and `L` rows (literal patterns, through `quoteMeta`), compiled with POSIX syntax
/// plus `ClassNL` (and `FoldCase` for `i` rows) in leftmost-longest mode.
struct FowlerTests {
    struct Outcome {
        var tested = 0
        var failures: [String] = []
    }

    static func replay(_ file: String) throws -> Outcome {
        var outcome = Outcome()
        var lastRegexp: [UInt8] = []
        Reading: for (index, line) in try TestData.lines("go-regexp-testdata", file).enumerated() {
            let lineno = index + 1
            guard let first = line.utf8.first, first != UInt8(ascii: "#") else { continue }
            var fields = line.split(separator: "\t", omittingEmptySubsequences: true).map(String.init)
            for i in fields.indices {
                if fields[i] == "NULL" {
                    fields[i] = ""
                }
                if fields[i] == "NIL" {
                    continue Reading
                }
            }
            guard var flag = fields.first else { continue }
            switch flag.first {
            case "?", "&", "|", ";", "{", "}":
                // Control operators: ignored; run everything.
                flag.removeFirst()
                if flag.isEmpty {
                    continue Reading
                }
            case ":":
                let rest = flag.dropFirst()
                guard let colon = rest.firstIndex(of: ":") else { continue Reading }
                flag = String(rest[rest.index(after: colon)...])
            case "C", "N", "T", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9":
                continue Reading
            default:
                break
            }
            guard fields.count >= 4 else {
                outcome.failures.append("\(file):\(lineno): too few fields: \(line)")
                continue
            }
            var pattern = Array(fields[1].utf8)
            var text = Array(fields[2].utf8)
            if flag.contains("$") {
                guard let p = GoQuoted.unquote("\"" + fields[1] + "\""), let t = GoQuoted.unquote("\"" + fields[2] + "\"")
                else {
                    outcome.failures.append("\(file):\(lineno): cannot unquote")
                    continue
                }
                pattern = p
                text = t
            }
            if fields[1] == "SAME" {
                pattern = lastRegexp
            }
            lastRegexp = pattern

            guard let expected = Self.parseResult(fields[3]) else {
                outcome.failures.append("\(file):\(lineno): cannot parse result \(fields[3])")
                continue
            }

            for mode in flag {
                var modePattern = pattern
                switch mode {
                case "E":
                    break
                case "L":
                    modePattern = Array(GoRegexp.quoteMeta(String(decoding: pattern, as: UTF8.self)).utf8)
                default:
                    continue
                }
                var flags: ParseFlags = [.classNL]
                if flag.contains("i") {
                    flags.insert(.foldCase)
                }
                outcome.tested += 1
                let where_ = "\(file):\(lineno): \(GoQuoted.quote(modePattern)) on \(GoQuoted.quote(text))"
                let re: GoRegexp
                do {
                    re = try GoRegexp(pattern: modePattern, flags: flags, longest: true)
                } catch {
                    if expected.compiles {
                        outcome.failures.append("\(where_): did not compile: \(error)")
                    }
                    continue
                }
                if !expected.compiles {
                    outcome.failures.append("\(where_): should not compile")
                    continue
                }
                let matched = re.matches(utf8: text)
                if matched != expected.matches {
                    outcome.failures.append("\(where_): matches = \(matched), want \(expected.matches)")
                    continue
                }
                let have = re.firstMatchIndices(utf8: text) ?? []
                if have.isEmpty == matched {
                    outcome.failures.append("\(where_): matches = \(matched) but indices \(have)")
                    continue
                }
                let compared = Array(have.prefix(expected.positions.count))
                if compared != expected.positions {
                    outcome.failures.append("\(where_): indices \(have), want \(expected.positions)")
                }
            }
        }
        return outcome
    }

    /// Field 4: an error name (the pattern must not compile), `NOMATCH`, nothing (a match without
    /// positions), or `(lo,hi)` pairs with `?` for unset.
    static func parseResult(_ text: String) -> (compiles: Bool, matches: Bool, positions: [Int])? {
        if text.isEmpty {
            return (true, true, [])
        }
        if text == "NOMATCH" {
            return (true, false, [])
        }
        if let first = text.unicodeScalars.first, first.value >= 0x41 && first.value <= 0x5A {
            return (false, false, [])
        }
        var positions: [Int] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.first == "(", let comma = rest.firstIndex(of: ","), let close = rest.firstIndex(of: ")"),
                comma < close
            else {
                return nil
            }
            let lo = rest[rest.index(after: rest.startIndex)..<comma]
            let hi = rest[rest.index(after: comma)..<close]
            guard let loValue = lo == "?" ? -1 : Int(lo), let hiValue = hi == "?" ? -1 : Int(hi) else {
                return nil
            }
            positions.append(loValue)
            positions.append(hiValue)
            rest = rest[rest.index(after: close)...]
        }
        return (true, true, positions)
    }

    /// Each file with the number of (row, mode) pairs Go runs.
    @Test(arguments: [("basic.dat", 206), ("nullsubexpr.dat", 50), ("repetition.dat", 91)])
    func everyRowMatchesGo(file: String, rows: Int) throws {
        let outcome = try Self.replay(file)
        #expect(outcome.failures.isEmpty, "\(outcome.failures.count) failures:\n\(outcome.failures.prefix(40).joined(separator: "\n"))")
        #expect(outcome.tested == rows)
    }
}
