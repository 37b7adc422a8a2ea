import HTTPTypes

/// The canonical headers and signed-headers lines of a SigV4 canonical request.
///
/// Names are lowercase; values are trimmed and every run of spaces and tabs becomes one space;
/// repeated names become one line with their values joined by `,` in the order they appeared;
/// lines are sorted by name. The plan holds names and where each value comes from, and values are
/// canonicalized straight into the canonical request, so nothing is copied twice.
struct CanonicalHeaders {
    /// Where a header's value comes from.
    enum Source {
        /// The request's header field at this index.
        case field(Int)
        /// A value the signer adds (host, session token).
        case string(String)
        /// The signing time, `X-Amz-Date`.
        case timestamp
        /// The payload hash, `x-amz-content-sha256`.
        case payloadHash
    }

    struct Entry {
        var name: String
        var source: Source
        var order: Int
    }

    /// The headers to sign, sorted by name (then by original order).
    private(set) var entries: [Entry] = []

    init(capacity: Int) {
        self.entries.reserveCapacity(capacity)
    }

    mutating func add(name: String, source: Source) {
        self.entries.append(Entry(name: name, source: source, order: self.entries.count))
    }

    /// Sorts the entries; call once after adding all of them.
    mutating func sort() {
        self.entries.sort { lhs, rhs in
            lhs.name == rhs.name ? lhs.order < rhs.order : lhs.name < rhs.name
        }
    }

    /// Appends `name;name;…`.
    func appendSignedHeaders(to out: inout [UInt8]) {
        var previous: String? = nil
        for entry in self.entries where entry.name != previous {
            if previous != nil { out.append(UInt8(ascii: ";")) }
            Self.appendUTF8(entry.name, to: &out)
            previous = entry.name
        }
    }

    /// Appends the `name:value\n` lines.
    ///
    /// - Throws: ``SigV4Error/Code/invalidHeaderValue`` when a value holds a control character
    ///   other than a tab (the message names the header, never its value).
    func appendCanonical(
        fields: HTTPFields,
        date: SigningDate,
        payloadHash: PayloadHash,
        to out: inout [UInt8]
    ) throws(SigV4Error) {
        var previous: String? = nil
        for entry in self.entries {
            if entry.name == previous {
                out.append(UInt8(ascii: ","))
            } else {
                if previous != nil { out.append(UInt8(ascii: "\n")) }
                Self.appendUTF8(entry.name, to: &out)
                out.append(UInt8(ascii: ":"))
                previous = entry.name
            }
            let invalid: UInt8?
            switch entry.source {
            case .field(let index):
                invalid = fields[index].withUnsafeBytesOfValue { Self.appendCanonicalValue($0, to: &out) }
            case .string(var value):
                invalid = value.withUTF8 { Self.appendCanonicalValue($0, to: &out) }
            case .timestamp:
                date.appendTimestamp(to: &out)
                invalid = nil
            case .payloadHash:
                payloadHash.append(to: &out)
                invalid = nil
            }
            if let invalid {
                throw SigV4Error(
                    code: .invalidHeaderValue,
                    reason: "the value of header '\(entry.name)' holds control character 0x\(String(invalid, radix: 16, uppercase: true))"
                )
            }
        }
        if previous != nil { out.append(UInt8(ascii: "\n")) }
    }

    /// Appends a string's UTF-8 bytes with one copy (the generic `append(contentsOf: utf8)` path
    /// is several times slower for the short names signed here).
    @inline(__always)
    static func appendUTF8(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Appends a value trimmed, with runs of spaces and tabs collapsed to one space.
    ///
    /// - Returns: The first control character (other than tab) in the value, or `nil`.
    static func appendCanonicalValue(_ value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) -> UInt8? {
        var start = 0
        var end = value.count
        while start < end, value[start] == UInt8(ascii: " ") || value[start] == UInt8(ascii: "\t") { start += 1 }
        while end > start, value[end - 1] == UInt8(ascii: " ") || value[end - 1] == UInt8(ascii: "\t") { end -= 1 }
        var runStart = start
        var index = start
        var lastWasSpace = false
        while index < end {
            let byte = value[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") {
                if !lastWasSpace {
                    // Flush the run before the whitespace and write one space.
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart..<index]))
                    out.append(UInt8(ascii: " "))
                    lastWasSpace = true
                }
                runStart = index + 1
            } else {
                if byte < 0x20 || byte == 0x7F { return byte }
                lastWasSpace = false
            }
            index += 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: value[runStart..<end]))
        return nil
    }
}

/// The last line of a canonical request: the payload's SHA-256 as hex, or `UNSIGNED-PAYLOAD`.
enum PayloadHash {
    case digest(SHA256Digest)
    case unsigned
    /// 64 lowercase hex digits the caller supplied.
    case hex([UInt8])

    func append(to out: inout [UInt8]) {
        switch self {
        case .digest(let digest): digest.appendHex(to: &out)
        case .unsigned: out.append(contentsOf: "UNSIGNED-PAYLOAD".utf8)
        case .hex(let hex): out.append(contentsOf: hex)
        }
    }
}
