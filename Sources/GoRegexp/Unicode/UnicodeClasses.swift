/// A Unicode code point or a negative sentinel, as Go's `rune` (a 32-bit signed integer).
typealias Rune = Int32

/// The largest Unicode code point (Go's `unicode.MaxRune`).
let maxRune: Rune = 0x10FFFF

/// The replacement character that invalid UTF-8 decodes to (Go's `utf8.RuneError`).
let replacementRune: Rune = 0xFFFD

/// The Unicode tables `\p{...}` uses, decoded from ``UnicodeTableData`` on first use.
///
/// Every table is a sorted list of merged, inclusive ranges stored as `[lo0, hi0, lo1, hi1, ...]`.
enum UnicodeClasses {
    /// General categories by name (Go's `unicode.Categories`).
    static let categories: [String: [Rune]] = UnicodeClasses.decodeTables(UnicodeTableData.categories)
    /// Scripts by name (Go's `unicode.Scripts`).
    static let scripts: [String: [Rune]] = UnicodeClasses.decodeTables(UnicodeTableData.scripts)
    /// Fold additions per category (Go's `unicode.FoldCategory`).
    static let foldCategories: [String: [Rune]] = UnicodeClasses.decodeTables(UnicodeTableData.foldCategories)
    /// Fold additions per script (Go's `unicode.FoldScript`).
    static let foldScripts: [String: [Rune]] = UnicodeClasses.decodeTables(UnicodeTableData.foldScripts)

    /// Every code point, the table `\p{Any}` names.
    static let any: [Rune] = [0, maxRune]

    /// The table called `name` and its fold additions, as Go's parser looks them up: `Any`, then
    /// the general categories, then the scripts. Names are case-sensitive.
    static func table(named name: String) -> (table: [Rune], fold: [Rune]?)? {
        if name == "Any" {
            return (Self.any, Self.any)
        }
        if let table = Self.categories[name] {
            return (table, Self.foldCategories[name])
        }
        if let table = Self.scripts[name] {
            return (table, Self.foldScripts[name])
        }
        return nil
    }

    private static func decodeTables(_ encoded: [String: String]) -> [String: [Rune]] {
        var result: [String: [Rune]] = [:]
        result.reserveCapacity(encoded.count)
        for (name, text) in encoded {
            let numbers = HexNumbers.decode(text)
            var ranges: [Rune] = []
            ranges.reserveCapacity(numbers.count)
            var previous: Rune = 0
            var index = 0
            while index + 1 < numbers.count {
                let lo = previous + numbers[index]
                let hi = lo + numbers[index + 1]
                ranges.append(lo)
                ranges.append(hi)
                previous = hi
                index += 2
            }
            result[name] = ranges
        }
        return result
    }
}

/// Decodes the space-separated, optionally negative hexadecimal numbers of the generated tables.
enum HexNumbers {
    static func decode(_ text: String) -> [Rune] {
        var numbers: [Rune] = []
        var value: Rune = 0
        var negative = false
        var inNumber = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value &* 16 &+ Rune(byte &- UInt8(ascii: "0"))
                inNumber = true
            case UInt8(ascii: "a")...UInt8(ascii: "f"):
                value = value &* 16 &+ Rune(byte &- UInt8(ascii: "a") &+ 10)
                inNumber = true
            case UInt8(ascii: "-"):
                negative = true
            default:
                if inNumber {
                    numbers.append(negative ? -value : value)
                }
                value = 0
                negative = false
                inNumber = false
            }
        }
        if inNumber {
            numbers.append(negative ? -value : value)
        }
        return numbers
    }
}
