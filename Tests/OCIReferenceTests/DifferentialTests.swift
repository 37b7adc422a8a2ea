import Foundation
import Testing

@testable import OCIReference

/// Differential vectors: each input was run through the Go implementations this module
/// reproduces, and their answers recorded (see `Resources/differential/README.md`). The inputs
/// are every upstream test input, every single-character insertion, replacement and deletion of
/// a few typical references (separators, `%`, space, NUL, uppercase and non-ASCII letters in
/// every position), and random strings over the grammar's alphabet.
struct DifferentialTests {
    static func rows(_ name: String) throws -> [[String?]] {
        let directory = try #require(Bundle.module.url(forResource: "differential", withExtension: nil))
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        var rows: [[String?]] = []
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let array = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [Any])
            rows.append(array.map { $0 as? String })
        }
        return rows
    }

    static func outcome(_ body: () throws -> String) -> String {
        do {
            return try body()
        } catch let error as OCIReferenceError {
            return "E:\(error.code)"
        } catch {
            return "E:unexpected \(error)"
        }
    }

    @Test("distribution/reference v0.6 + go-digest: Parse, ParseNormalizedNamed, ParseNamed, ParseDockerRef, WithName")
    func references() throws {
        let rows = try Self.rows("reference-vectors.jsonl")
        #expect(rows.count > 8000)
        var mismatches: [String] = []
        for row in rows {
            guard let input = row[0] else {
                continue
            }
            let parse = Self.outcome {
                let r = try OCIReference(parsing: input)
                let familiar = r.familiarString == input ? "=" : r.familiarString
                #expect(r.description == input)
                return [r.registry, r.repository, r.tag ?? "", r.digest ?? "", familiar].joined(separator: "|")
            }
            var normalizedString = ""
            let normalized = Self.outcome {
                let r = try OCIReference(normalizing: input)
                normalizedString = r.description
                let familiar = r.familiarString == r.description ? "=" : r.familiarString
                return (r.description == input ? "=" : r.description) + "|" + familiar
            }
            let canonical: String? = normalized.hasPrefix("E:") ? nil : Self.outcome {
                _ = try OCIReference(parsingCanonical: input)
                return "ok"
            }
            let pull: String? = normalized.hasPrefix("E:") ? nil : Self.outcome {
                let r = try OCIReference(normalizingForPull: input)
                return r.description == normalizedString ? "=" : r.description
            }
            let name = Self.outcome {
                let r = try OCIReference(parsingName: input)
                return r.registry + "|" + r.repository
            }
            let ours: [String?] = [input, parse, normalized, canonical, pull, name]
            if ours != row {
                mismatches.append("\(row.map { $0 ?? "nil" }) ≠ ours \(ours.map { $0 ?? "nil" })")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(rows.count) differ, e.g. \(mismatches.prefix(5))")
        print("reference vectors: \(rows.count - mismatches.count)/\(rows.count) identical")
    }

    @Test("Helm newReference + oras-go v2 ParseReference")
    func charts() throws {
        let rows = try Self.rows("chart-vectors.jsonl")
        #expect(rows.count > 2000)
        var mismatches: [String] = []
        for row in rows {
            guard let input = row[0] else {
                continue
            }
            let chart = Self.outcome {
                let c = try OCIChartReference(parsing: input)
                return [c.registry, c.repository, c.tag ?? "", c.digest ?? ""].joined(separator: "|")
            }
            if chart != row[1] {
                mismatches.append("\(input.debugDescription): Go \(row[1] ?? "nil") ≠ ours \(chart)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(rows.count) differ, e.g. \(mismatches.prefix(5))")
        print("chart vectors: \(rows.count - mismatches.count)/\(rows.count) identical")
    }

    /// The documented differences from amazon-ecr-credential-helper: any scheme (it strips only
    /// `https://`), case-insensitive hosts, and no user information before the host.
    static func documentedDifference(_ input: String) -> Bool {
        let bytes = Array(input.utf8)
        if bytes.contains(where: { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            return true
        }
        if let range = input.range(of: "://"), !input.hasPrefix("https://") {
            let scheme = input[..<range.lowerBound]
            if let first = scheme.first, first.isLetter,
                scheme.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "+" || $0 == "." || $0 == "-" })
            {
                return true
            }
        }
        var rest = Substring(input)
        if rest.hasPrefix("https://") {
            rest = rest.dropFirst(8)
        }
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return authority.contains("@")
    }

    @Test("amazon-ecr-credential-helper ExtractRegistry")
    func ecr() throws {
        let rows = try Self.rows("ecr-vectors.jsonl")
        #expect(rows.count > 2000)
        var identical = 0
        var documented = 0
        var mismatches: [String] = []
        for row in rows {
            guard let input = row[0] else {
                continue
            }
            let ours: String? = ECRRegistry(input).map { registry in
                registry.isPublic
                    ? "public"
                    : [registry.accountID ?? "", registry.isFIPS ? "fips" : "", registry.region, registry.dnsSuffix].joined(separator: "|")
            }
            if ours == row[1] {
                identical += 1
            } else if Self.documentedDifference(input) {
                documented += 1
            } else {
                mismatches.append("\(input.debugDescription): Go \(row[1] ?? "nil") ≠ ours \(ours ?? "nil")")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(rows.count) differ, e.g. \(mismatches.prefix(5))")
        print("ecr vectors: \(identical)/\(rows.count) identical, \(documented) documented differences")
    }
}
