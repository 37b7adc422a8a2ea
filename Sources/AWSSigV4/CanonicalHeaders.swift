/// The canonical headers and signed-headers lines of a SigV4 canonical request.
///
/// Names are lowercase; values are trimmed and every run of spaces and tabs becomes one space;
/// repeated names are merged into one line with their values joined by `,` in the order they
/// appeared; lines are sorted by name.
struct CanonicalHeaders {
    private struct Entry {
        var name: String
        var value: Range<Int>
        var order: Int
    }

    /// Canonical values, back to back.
    private var values: [UInt8] = []
    private var entries: [Entry] = []

    init(capacity: Int) {
        self.entries.reserveCapacity(capacity)
        self.values.reserveCapacity(capacity * 32)
    }

    /// Adds a header whose value must be canonicalized.
    ///
    /// - Parameters:
    ///   - name: The lowercase header name.
    ///   - value: The raw value bytes.
    /// - Throws: ``SigV4Error/Code/invalidHeaderValue`` when the value holds a control character
    ///   other than a tab (the message names the header, not its value).
    mutating func add(name: String, rawValue value: UnsafeBufferPointer<UInt8>) throws(SigV4Error) {
        let start = self.values.count
        var pendingSpace = false
        for byte in value {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                // Only emit a space once something follows it: trims the end, collapses runs.
                pendingSpace = self.values.count > start
            case 0x00...0x1F, 0x7F:
                self.values.removeSubrange(start...)
                throw SigV4Error(
                    code: .invalidHeaderValue,
                    reason: "the value of header '\(name)' holds control character 0x\(String(byte, radix: 16, uppercase: true))"
                )
            default:
                if pendingSpace {
                    self.values.append(UInt8(ascii: " "))
                    pendingSpace = false
                }
                self.values.append(byte)
            }
        }
        self.entries.append(Entry(name: name, value: start..<self.values.count, order: self.entries.count))
    }

    /// Adds a header whose value is already canonical (one the signer produced itself).
    mutating func add(name: String, canonicalValue value: some Sequence<UInt8>) {
        let start = self.values.count
        self.values.append(contentsOf: value)
        self.entries.append(Entry(name: name, value: start..<self.values.count, order: self.entries.count))
    }

    /// Appends the `name:value\n` lines to `canonical` and `name;name;…` to `signed`.
    func append(canonicalTo canonical: inout [UInt8], signedTo signed: inout [UInt8]) {
        let sorted = self.entries.sorted { lhs, rhs in
            lhs.name == rhs.name ? lhs.order < rhs.order : lhs.name < rhs.name
        }
        self.values.withUnsafeBufferPointer { values in
            var previous: String? = nil
            for entry in sorted {
                if entry.name == previous {
                    canonical.append(UInt8(ascii: ","))
                } else {
                    if previous != nil {
                        canonical.append(UInt8(ascii: "\n"))
                        signed.append(UInt8(ascii: ";"))
                    }
                    canonical.append(contentsOf: entry.name.utf8)
                    canonical.append(UInt8(ascii: ":"))
                    signed.append(contentsOf: entry.name.utf8)
                    previous = entry.name
                }
                canonical.append(contentsOf: values[entry.value])
            }
            if previous != nil {
                canonical.append(UInt8(ascii: "\n"))
            }
        }
    }
}
