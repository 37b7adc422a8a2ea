/// A JSON value as ``BoundedJSONParser`` reads it.
///
/// Numbers keep their text, so a caller converts them exactly once and can tell `1420070400`
/// from `1.420070400E9` when it needs to.
enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    /// The member `name` of an object, or `nil` for anything else.
    subscript(_ name: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[name]
    }

    /// The string, or `nil` when the value is not a string.
    var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }

    /// A short name of the value's kind, for error messages.
    var kind: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// Why a document is not JSON: what was wrong and the byte offset. Never quotes the document,
/// which may hold a token.
struct JSONParseError: Error, Sendable, CustomStringConvertible {
    var what: String
    var offset: Int

    var description: String { "\(self.what) at byte \(self.offset)" }
}

/// A strict, bounded JSON (RFC 8259) parser for AWS JSON-protocol responses.
///
/// One pass over the bytes, linear in their number: no backtracking, nesting depth capped, the
/// document size capped by the caller. Strings must be valid UTF-8 without control characters;
/// `\u` escapes must pair their surrogates. Duplicate object members keep the last value, as
/// Python's `json` (botocore) does. Anything else after the top-level value is an error.
struct BoundedJSONParser {
    /// The deepest nesting of arrays and objects accepted.
    static let maximumDepth = 32

    private let bytes: [UInt8]
    private var position = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Parses a complete document.
    ///
    /// - Throws: ``JSONParseError`` naming the first problem and its byte offset.
    static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        var parser = BoundedJSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0)
        parser.skipWhitespace()
        guard parser.position == parser.bytes.count else {
            throw JSONParseError(what: "unexpected data after the document", offset: parser.position)
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard let byte = self.peek() else {
            throw JSONParseError(what: "unexpected end of document", offset: self.position)
        }
        switch byte {
        case UInt8(ascii: "{"):
            return try self.parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try self.parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try self.parseString())
        case UInt8(ascii: "t"):
            try self.expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try self.expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try self.expectLiteral("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try self.parseNumber())
        default:
            throw JSONParseError(what: "unexpected byte 0x\(Self.hex(byte))", offset: self.position)
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else {
            throw JSONParseError(what: "nesting deeper than \(Self.maximumDepth)", offset: self.position)
        }
        self.position += 1  // "{"
        var members: [String: JSONValue] = [:]
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "}") {
            self.position += 1
            return .object(members)
        }
        while true {
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: "\"") else {
                throw JSONParseError(what: "expected a member name", offset: self.position)
            }
            let name = try self.parseString()
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: ":") else {
                throw JSONParseError(what: "expected ':' after a member name", offset: self.position)
            }
            self.position += 1
            self.skipWhitespace()
            members[name] = try self.parseValue(depth: depth)
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.position += 1
            case UInt8(ascii: "}"):
                self.position += 1
                return .object(members)
            default:
                throw JSONParseError(what: "expected ',' or '}' in an object", offset: self.position)
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        guard depth <= Self.maximumDepth else {
            throw JSONParseError(what: "nesting deeper than \(Self.maximumDepth)", offset: self.position)
        }
        self.position += 1  // "["
        var elements: [JSONValue] = []
        self.skipWhitespace()
        if self.peek() == UInt8(ascii: "]") {
            self.position += 1
            return .array(elements)
        }
        while true {
            self.skipWhitespace()
            elements.append(try self.parseValue(depth: depth))
            self.skipWhitespace()
            switch self.peek() {
            case UInt8(ascii: ","):
                self.position += 1
            case UInt8(ascii: "]"):
                self.position += 1
                return .array(elements)
            default:
                throw JSONParseError(what: "expected ',' or ']' in an array", offset: self.position)
            }
        }
    }

    private mutating func parseString() throws(JSONParseError) -> String {
        let start = self.position
        self.position += 1  // opening quote
        // Fast path: no escapes.
        var index = self.position
        while index < self.bytes.count {
            let byte = self.bytes[index]
            if byte == UInt8(ascii: "\"") {
                let slice = self.bytes[self.position..<index]
                guard let text = String(validating: slice, as: UTF8.self) else {
                    throw JSONParseError(what: "a string is not valid UTF-8", offset: start)
                }
                self.position = index + 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 {
                throw JSONParseError(what: "a control character in a string", offset: index)
            }
            index += 1
        }
        // Slow path: escapes.
        var buffer = Array(self.bytes[self.position..<index])
        self.position = index
        while true {
            guard let byte = self.peek() else {
                throw JSONParseError(what: "an unterminated string", offset: start)
            }
            switch byte {
            case UInt8(ascii: "\""):
                self.position += 1
                guard let text = String(validating: buffer, as: UTF8.self) else {
                    throw JSONParseError(what: "a string is not valid UTF-8", offset: start)
                }
                return text
            case UInt8(ascii: "\\"):
                try self.readEscape(into: &buffer)
            case 0..<0x20:
                throw JSONParseError(what: "a control character in a string", offset: self.position)
            default:
                buffer.append(byte)
                self.position += 1
            }
        }
    }

    private mutating func readEscape(into buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = self.position
        self.position += 1  // backslash
        guard let letter = self.peek() else {
            throw JSONParseError(what: "an unterminated escape", offset: escapeStart)
        }
        self.position += 1
        switch letter {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try self.readHex4(escapeStart: escapeStart)
            if (0xD800...0xDBFF).contains(scalar) {
                guard self.peek() == UInt8(ascii: "\\"), self.peek(at: 1) == UInt8(ascii: "u") else {
                    throw JSONParseError(what: "an unpaired surrogate escape", offset: escapeStart)
                }
                self.position += 2
                let low = try self.readHex4(escapeStart: escapeStart)
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONParseError(what: "an unpaired surrogate escape", offset: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONParseError(what: "an unpaired surrogate escape", offset: escapeStart)
            }
            guard let unicodeScalar = Unicode.Scalar(scalar) else {
                throw JSONParseError(what: "an invalid \\u escape", offset: escapeStart)
            }
            buffer.append(contentsOf: Array(String(Character(unicodeScalar)).utf8))
        default:
            throw JSONParseError(what: "an invalid escape", offset: escapeStart)
        }
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard self.position + 4 <= self.bytes.count else {
            throw JSONParseError(what: "a truncated \\u escape", offset: escapeStart)
        }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = self.bytes[self.position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw JSONParseError(what: "an invalid \\u escape", offset: escapeStart)
            }
            value = value << 4 | digit
            self.position += 1
        }
        return value
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as text.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = self.position
        if self.peek() == UInt8(ascii: "-") { self.position += 1 }
        guard let first = self.peek(), first.isDigit else {
            throw JSONParseError(what: "a number without digits", offset: start)
        }
        self.position += 1
        if first != UInt8(ascii: "0") {
            while let byte = self.peek(), byte.isDigit { self.position += 1 }
        }
        if self.peek() == UInt8(ascii: ".") {
            self.position += 1
            guard let byte = self.peek(), byte.isDigit else {
                throw JSONParseError(what: "a number without digits after '.'", offset: start)
            }
            while let byte = self.peek(), byte.isDigit { self.position += 1 }
        }
        if self.peek() == UInt8(ascii: "e") || self.peek() == UInt8(ascii: "E") {
            self.position += 1
            if self.peek() == UInt8(ascii: "+") || self.peek() == UInt8(ascii: "-") { self.position += 1 }
            guard let byte = self.peek(), byte.isDigit else {
                throw JSONParseError(what: "a number without exponent digits", offset: start)
            }
            while let byte = self.peek(), byte.isDigit { self.position += 1 }
        }
        return String(decoding: self.bytes[start..<self.position], as: UTF8.self)
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let start = self.position
        let matches = literal.withUTF8Buffer { expected -> Bool in
            guard start + expected.count <= self.bytes.count else { return false }
            for offset in 0..<expected.count where self.bytes[start + offset] != expected[offset] {
                return false
            }
            return true
        }
        guard matches else {
            throw JSONParseError(what: "an invalid literal", offset: start)
        }
        self.position += literal.utf8CodeUnitCount
    }

    private mutating func skipWhitespace() {
        while let byte = self.peek(), byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
            self.position += 1
        }
    }

    private func peek(at offset: Int = 0) -> UInt8? {
        let index = self.position + offset
        return index < self.bytes.count ? self.bytes[index] : nil
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }
}

extension UInt8 {
    fileprivate var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
