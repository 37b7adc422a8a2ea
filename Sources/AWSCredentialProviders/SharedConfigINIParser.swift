/// One `[section]` of a shared config or credentials file, as the parser produced it.
struct INISection: Sendable, Hashable {
    /// `type name` with one space (`profile ci`, `sso-session corp`) or just `name` (`default`).
    var name: String
    /// Properties by lowercased key. A property whose value is empty and is followed by indented
    /// `key = value` lines holds those in ``subProperties`` instead.
    var properties: [String: String] = [:]
    /// Indented sub-properties of a property, by the property's key.
    var subProperties: [String: [String: String]] = [:]
}

/// Parses the AWS shared config and credentials files with the rules of the AWS SDK for Go v2
/// (`internal/ini`), line by line:
///
/// - Lines are split on `\n` (a trailing `\r` is dropped too, for files edited on Windows).
///   Blank lines and lines whose first non-blank character is `#` or `;` are comments.
/// - `[ type name ]` opens a section; anything after the first `#`, then the first `;`, is a
///   comment. Section names are case-sensitive; the type and name are joined by one space.
///   A section named again later continues the same section.
/// - An unindented `key = value` (or `key: value`, whichever separator comes first) is a
///   property. Keys are lowercased; the value is trimmed, loses a trailing comment that starts
///   with whitespace then `#` or `;` (so `https://x/start#` keeps its `#`), loses one pair of
///   surrounding quotes, and has `\"`, `\'` and `\n` unescaped.
/// - An indented `key = value` line is a sub-property of the property before it when that
///   property's value is empty (`s3 =` then `  max_concurrent_requests = 10`); otherwise it is
///   promoted to a property of its own. Comments on sub-properties are part of their value.
/// - Any other indented line continues the previous property's value on a new line.
/// - Properties before the first section, and lines that match nothing, are ignored.
enum SharedConfigINIParser {
    static func parse(_ text: String) -> [String: INISection] {
        var sections: [String: INISection] = [:]
        var currentSection: String?
        var currentKey: String?

        // Split on U+000A scalars: as Characters, "\r\n" is one grapheme and would not split.
        for rawScalars in text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false) {
            var scalars = rawScalars
            if scalars.last == "\r" { scalars = scalars.dropLast() }
            let line = Substring(scalars)
            if trimmingSpace(line).isEmpty || isComment(line) { continue }

            if let name = profileName(line) {
                currentSection = name
                currentKey = nil
                if sections[name] == nil { sections[name] = INISection(name: name) }
            } else if let (key, value) = property(line) {
                guard let section = currentSection else { continue }
                currentKey = key
                sections[section]?.properties[key] = value
                sections[section]?.subProperties[key] = nil
            } else if let (key, value) = subProperty(line) {
                guard let section = currentSection else { continue }
                if let parent = currentKey, sections[section]?.properties[parent]?.isEmpty ?? false {
                    sections[section]?.subProperties[parent, default: [:]][key] = value
                } else {
                    // An orphaned sub-property becomes a property (Go v2's "promotion").
                    currentKey = key
                    sections[section]?.properties[key] = trimmingSpace(trimPropertyComment(value[...]))
                    sections[section]?.subProperties[key] = nil
                }
            } else if let continuation = continuationValue(line) {
                guard let section = currentSection, let key = currentKey,
                    let value = sections[section]?.properties[key], !value.isEmpty,
                    sections[section]?.subProperties[key] == nil
                else { continue }
                sections[section]?.properties[key] = value + "\n" + continuation
            }
        }
        return sections
    }

    // MARK: Line kinds

    private static func isComment(_ line: Substring) -> Bool {
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        return trimmed.hasPrefix("#") || trimmed.hasPrefix(";")
    }

    /// `[ type name ]` → `type name`, or `[name]` → `name`.
    private static func profileName(_ line: Substring) -> String? {
        let trimmed = trimmingSpace(trimProfileComment(line))
        guard trimmed.hasPrefix("["), trimmed.hasSuffix("]"), trimmed.count >= 2 else { return nil }
        let inner = trimmingSpace(trimmed.dropFirst().dropLast())
        guard let firstSpace = inner.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return inner }
        let type = inner[..<firstSpace]
        let name = inner[firstSpace...].drop { $0 == " " || $0 == "\t" }
        return "\(type) \(name)"
    }

    private static func property(_ line: Substring) -> (String, String)? {
        guard let first = line.first, first != " ", first != "\t" else { return nil }
        let withoutComment = trimPropertyComment(line)
        let trimmed = withoutComment.reversed().drop { $0 == " " || $0 == "\t" }
        guard let (key, value) = splitProperty(Substring(String(trimmed.reversed()))) else { return nil }
        return (key.lowercased(), legacyUnescape(value))
    }

    private static func subProperty(_ line: Substring) -> (String, String)? {
        guard let first = line.first, first == " " || first == "\t" else { return nil }
        let trimmed = line.drop { $0 == " " || $0 == "\t" }
        guard let (key, value) = splitProperty(trimmed) else { return nil }
        return (key.lowercased(), legacyUnescape(value))
    }

    private static func continuationValue(_ line: Substring) -> String? {
        guard let first = line.first, first == " " || first == "\t" else { return nil }
        return String(line.drop { $0 == " " || $0 == "\t" })
    }

    // MARK: Helpers

    /// Cuts at the first `#`, then at the first `;`.
    private static func trimProfileComment(_ line: Substring) -> Substring {
        var result = line
        if let hash = result.firstIndex(of: "#") { result = result[..<hash] }
        if let semicolon = result.firstIndex(of: ";") { result = result[..<semicolon] }
        return result
    }

    /// Cuts at the first ` #`, then ` ;`, then `\t#`, then `\t;`.
    private static func trimPropertyComment(_ line: Substring) -> Substring {
        var result = line
        for marker in [" #", " ;", "\t#", "\t;"] {
            if let range = result.firstRange(of: marker) { result = result[..<range.lowerBound] }
        }
        return result
    }

    /// Splits at `=`, or at `:` when there is no `=` or the `:` comes first; trims both sides.
    private static func splitProperty(_ text: Substring) -> (String, String)? {
        let equals = text.firstIndex(of: "=")
        let colon = text.firstIndex(of: ":")
        let separator: String.Index
        switch (equals, colon) {
        case (let e?, let c?): separator = c < e ? c : e
        case (let e?, nil): separator = e
        case (nil, let c?): separator = c
        case (nil, nil): return nil
        }
        return (trimmingSpace(text[..<separator]), trimmingSpace(text[text.index(after: separator)...]))
    }

    /// Removes one pair of matching surrounding quotes (when more than the quotes remain), then
    /// replaces `\"`, `\'` and `\n` by a quote, an apostrophe and a line feed.
    private static func legacyUnescape(_ value: String) -> String {
        var result = value
        if result.utf8.count > 2, let first = result.first, first == "\"" || first == "'", result.last == first {
            result = String(result.dropFirst().dropLast())
        }
        result = result.replacingAll("\\\"", with: "\"")
        result = result.replacingAll("\\'", with: "'")
        result = result.replacingAll("\\n", with: "\n")
        return result
    }

    /// Trims Unicode white space (Go's `strings.TrimSpace`).
    private static func trimmingSpace(_ text: Substring) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let end = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[start...end])
    }
}
