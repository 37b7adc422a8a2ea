/// The `application/x-www-form-urlencoded` body of an AWS query-protocol request (STS).
///
/// Keys and values are percent-encoded as botocore does: every byte except the RFC 3986
/// unreserved characters (`A–Z a–z 0–9 - _ . ~`) becomes `%XX`. Parameters keep the order they
/// were added in.
struct QueryProtocolBody {
    private(set) var bytes: [UInt8] = []

    init(action: String, version: String = "2011-06-15") {
        self.append("Action", action)
        self.append("Version", version)
    }

    mutating func append(_ key: String, _ value: String) {
        if !self.bytes.isEmpty { self.bytes.append(UInt8(ascii: "&")) }
        Self.encode(key, into: &self.bytes)
        self.bytes.append(UInt8(ascii: "="))
        Self.encode(value, into: &self.bytes)
    }

    mutating func append(_ key: String, _ value: String?) {
        if let value { self.append(key, value) }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func encode(_ text: String, into out: inout [UInt8]) {
        for byte in text.utf8 {
            let unreserved =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "~")
            if unreserved {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(Self.hexDigits[Int(byte >> 4)])
                out.append(Self.hexDigits[Int(byte & 0x0F)])
            }
        }
    }
}
