import Testing

/// The files under `Resources/go-oracle/`, written by `scripts/go-oracle/generate-expectations.go`
/// from Go's own answers: one record per line, tab-separated fields, strings Go-quoted.
enum OracleFile {
    /// The records of `name` (comment lines dropped), each a list of raw fields.
    static func records(_ name: String) throws -> [[String]] {
        try TestData.lines("go-oracle", name).compactMap { line in
            line.hasPrefix("#") ? nil : line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
    }

    /// Decodes a string field: Go-quoted terms joined by `+`, each optionally followed by `*N`
    /// (N repetitions), for example `"("*1000+"a"`.
    static func string(_ field: String) -> [UInt8]? {
        var out: [UInt8] = []
        let bytes = Array(field.utf8)
        var i = 0
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else { return nil }
            // Find the closing quote, skipping escapes.
            var j = i + 1
            while j < bytes.count && bytes[j] != UInt8(ascii: "\"") {
                j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard j < bytes.count, let term = GoQuoted.unquote(String(decoding: bytes[i...j], as: UTF8.self)) else {
                return nil
            }
            i = j + 1
            var count = 1
            if i < bytes.count && bytes[i] == UInt8(ascii: "*") {
                var k = i + 1
                var n = 0
                while k < bytes.count, bytes[k] >= UInt8(ascii: "0"), bytes[k] <= UInt8(ascii: "9") {
                    n = n * 10 + Int(bytes[k] - UInt8(ascii: "0"))
                    k += 1
                }
                count = n
                i = k
            }
            for _ in 0..<count {
                out.append(contentsOf: term)
            }
            if i < bytes.count {
                guard bytes[i] == UInt8(ascii: "+") else { return nil }
                i += 1
            }
        }
        return out
    }

    /// Decodes an indices field: `-` (no match) or comma-separated integers.
    static func indices(_ field: String) -> [Int]? {
        if field == "-" {
            return nil
        }
        return field.split(separator: ",").map { Int($0) ?? -99 }
    }
}
