/// An element of a parsed XML document: its local name (without a namespace prefix), its child
/// elements and its text.
package struct XMLElementNode: Sendable, Equatable {
    /// The element's name without any `prefix:`.
    package var name: String
    /// The child elements, in document order.
    package var children: [XMLElementNode]
    /// The element's own character data (text and CDATA, entities resolved), concatenated.
    package var text: String

    package init(name: String, children: [XMLElementNode] = [], text: String = "") {
        self.name = name
        self.children = children
        self.text = text
    }

    /// The first child with the given name.
    package func child(_ name: String) -> XMLElementNode? {
        self.children.first { $0.name == name }
    }

    /// The element reached by following child names, for example `["Credentials", "AccessKeyId"]`.
    package func descendant(_ path: [String]) -> XMLElementNode? {
        var node = self
        for name in path {
            guard let next = node.child(name) else { return nil }
            node = next
        }
        return node
    }

    /// The text of the element at `path`, without surrounding whitespace; `nil` when absent.
    package func text(at path: [String]) -> String? {
        self.descendant(path).map { $0.text.trimmingASCIIWhitespace() }
    }

    /// The first element named `name` in a depth-first, document-order walk (this one included).
    package func firstElement(named name: String, where predicate: (XMLElementNode) -> Bool = { _ in true }) -> XMLElementNode? {
        if self.name == name && predicate(self) { return self }
        for child in self.children {
            if let found = child.firstElement(named: name, where: predicate) { return found }
        }
        return nil
    }
}

/// A small, bounded XML parser for AWS query-protocol responses (STS).
///
/// It reads the subset of XML 1.0 that AWS sends and rejects the rest with an error, in one pass,
/// in time linear in the input:
///
/// - an optional UTF-8 byte order mark, XML declaration and processing instructions (skipped);
/// - comments (skipped), CDATA sections (kept as text);
/// - elements with attributes (attribute values are checked for quoting, then ignored);
/// - the five predefined entities and numeric character references (`&#…;`, `&#x…;`).
///
/// Document type declarations are refused, so no entity expansion can happen. The input size,
/// element nesting and element count are capped by ``Limits``. Namespace prefixes are dropped
/// from element names (`<sts:Code>` is `Code`).
package struct BoundedXMLParser {
    /// Caps on what a document may contain.
    package struct Limits: Sendable {
        /// The largest document, in bytes.
        package var maximumBytes: Int
        /// The deepest element nesting.
        package var maximumDepth: Int
        /// The most elements in one document.
        package var maximumElements: Int

        package init(maximumBytes: Int = 1 << 20, maximumDepth: Int = 32, maximumElements: Int = 10_000) {
            self.maximumBytes = maximumBytes
            self.maximumDepth = maximumDepth
            self.maximumElements = maximumElements
        }
    }

    private let bytes: [UInt8]
    private let limits: Limits
    private var position = 0
    private var elementCount = 0

    private init(bytes: [UInt8], limits: Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    /// Parses a document and returns its root element.
    ///
    /// - Throws: ``AWSCredentialsError/Code/invalidResponse`` naming what was wrong and the byte
    ///   offset where.
    package static func parse(_ bytes: [UInt8], limits: Limits = Limits()) throws(AWSCredentialsError) -> XMLElementNode {
        guard bytes.count <= limits.maximumBytes else {
            throw AWSCredentialsError(
                code: .invalidResponse, reason: "XML document is larger than \(limits.maximumBytes) bytes")
        }
        var parser = BoundedXMLParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    // MARK: Document structure

    private mutating func parseDocument() throws(AWSCredentialsError) -> XMLElementNode {
        if self.bytes.starts(with: [0xEF, 0xBB, 0xBF]) { self.position = 3 }
        try self.skipMisc()
        guard self.peek() == UInt8(ascii: "<") else {
            throw self.error(self.position >= self.bytes.count ? "the document has no root element" : "expected the root element")
        }
        let root = try self.parseElement()
        try self.skipMisc()
        guard self.position == self.bytes.count else {
            throw self.error("unexpected content after the root element")
        }
        return root
    }

    /// Skips whitespace, comments and processing instructions outside the root element.
    private mutating func skipMisc() throws(AWSCredentialsError) {
        while true {
            self.skipWhitespace()
            if self.hasPrefix("<?") {
                try self.skipProcessingInstruction()
            } else if self.hasPrefix("<!--") {
                try self.skipComment()
            } else if self.hasPrefix("<!") {
                throw self.error("document type declarations are not accepted")
            } else {
                return
            }
        }
    }

    /// Parses an element starting at `<`, iteratively (no recursion), so depth costs no stack.
    private mutating func parseElement() throws(AWSCredentialsError) -> XMLElementNode {
        var stack: [(qualifiedName: [UInt8], node: XMLElementNode)] = []
        var textBuffer: [UInt8] = []

        func flushText(into stack: inout [(qualifiedName: [UInt8], node: XMLElementNode)], _ buffer: inout [UInt8]) {
            guard !buffer.isEmpty, !stack.isEmpty else { buffer.removeAll(keepingCapacity: true); return }
            stack[stack.count - 1].node.text += String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
        }

        repeat {
            guard let byte = self.peek() else {
                throw self.error("the document ends inside element <\(self.name(stack.last?.qualifiedName ?? []))>")
            }
            if byte != UInt8(ascii: "<") {
                if stack.isEmpty { throw self.error("expected an element") }
                try self.readText(into: &textBuffer)
                continue
            }
            if self.hasPrefix("<!--") {
                try self.skipComment()
            } else if self.hasPrefix("<![CDATA[") {
                try self.readCDATA(into: &textBuffer)
            } else if self.hasPrefix("<?") {
                try self.skipProcessingInstruction()
            } else if self.hasPrefix("<!") {
                throw self.error("document type declarations are not accepted")
            } else if self.hasPrefix("</") {
                flushText(into: &stack, &textBuffer)
                self.position += 2
                let name = try self.readName()
                self.skipWhitespace()
                guard self.peek() == UInt8(ascii: ">") else { throw self.error("expected > to close </\(self.name(name))") }
                self.position += 1
                guard let open = stack.popLast() else { throw self.error("unexpected end tag") }
                guard open.qualifiedName == name else {
                    throw self.error("end tag </\(self.name(name))> does not match <\(self.name(open.qualifiedName))>")
                }
                if stack.isEmpty { return open.node }
                stack[stack.count - 1].node.children.append(open.node)
            } else {
                flushText(into: &stack, &textBuffer)
                self.position += 1
                let name = try self.readName()
                let selfClosing = try self.skipAttributes()
                self.elementCount += 1
                guard self.elementCount <= self.limits.maximumElements else {
                    throw self.error("more than \(self.limits.maximumElements) elements")
                }
                let node = XMLElementNode(name: Self.localName(name))
                if selfClosing {
                    if stack.isEmpty { return node }
                    stack[stack.count - 1].node.children.append(node)
                } else {
                    guard stack.count < self.limits.maximumDepth else {
                        throw self.error("elements nest deeper than \(self.limits.maximumDepth) levels")
                    }
                    stack.append((name, node))
                }
            }
        } while true
    }

    // MARK: Pieces

    /// Reads a name: a start byte (letter, `_`, `:`, or any non-ASCII byte) then name bytes.
    private mutating func readName() throws(AWSCredentialsError) -> [UInt8] {
        let start = self.position
        guard let first = self.peek(), Self.isNameStart(first) else { throw self.error("expected a name") }
        self.position += 1
        while let byte = self.peek(), Self.isNameByte(byte) { self.position += 1 }
        return Array(self.bytes[start..<self.position])
    }

    /// Skips attributes up to and including `>` or `/>`; returns whether the tag closed itself.
    private mutating func skipAttributes() throws(AWSCredentialsError) -> Bool {
        while true {
            let hadWhitespace = self.skipWhitespace()
            guard let byte = self.peek() else { throw self.error("the document ends inside a tag") }
            if byte == UInt8(ascii: ">") {
                self.position += 1
                return false
            }
            if byte == UInt8(ascii: "/") {
                guard self.peek(at: 1) == UInt8(ascii: ">") else { throw self.error("expected /> ") }
                self.position += 2
                return true
            }
            guard hadWhitespace else { throw self.error("expected whitespace before an attribute") }
            _ = try self.readName()
            self.skipWhitespace()
            guard self.peek() == UInt8(ascii: "=") else { throw self.error("expected = after an attribute name") }
            self.position += 1
            self.skipWhitespace()
            guard let quote = self.peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw self.error("expected a quoted attribute value")
            }
            self.position += 1
            while let valueByte = self.peek(), valueByte != quote {
                if valueByte == UInt8(ascii: "<") { throw self.error("< in an attribute value") }
                self.position += 1
            }
            guard self.peek() == quote else { throw self.error("the document ends inside an attribute value") }
            self.position += 1
        }
    }

    /// Reads character data up to the next `<`, resolving entity and character references.
    private mutating func readText(into buffer: inout [UInt8]) throws(AWSCredentialsError) {
        while let byte = self.peek(), byte != UInt8(ascii: "<") {
            if byte == UInt8(ascii: "&") {
                try self.readReference(into: &buffer)
            } else {
                if byte == UInt8(ascii: "]"), self.hasPrefix("]]>") { throw self.error("]]> outside a CDATA section") }
                buffer.append(byte)
                self.position += 1
            }
        }
    }

    private mutating func readReference(into buffer: inout [UInt8]) throws(AWSCredentialsError) {
        let start = self.position
        self.position += 1
        var end = self.position
        while end < self.bytes.count, self.bytes[end] != UInt8(ascii: ";"), end - start <= 12 { end += 1 }
        guard end < self.bytes.count, self.bytes[end] == UInt8(ascii: ";") else {
            throw self.error("unterminated entity reference")
        }
        let body = self.bytes[self.position..<end]
        self.position = end + 1
        switch String(decoding: body, as: UTF8.self) {
        case "amp": buffer.append(UInt8(ascii: "&"))
        case "lt": buffer.append(UInt8(ascii: "<"))
        case "gt": buffer.append(UInt8(ascii: ">"))
        case "quot": buffer.append(UInt8(ascii: "\""))
        case "apos": buffer.append(UInt8(ascii: "'"))
        default:
            guard body.first == UInt8(ascii: "#") else {
                self.position = start
                throw self.error("unknown entity reference")
            }
            let digits = body.dropFirst()
            let isHex = digits.first == UInt8(ascii: "x")
            let numberBytes = isHex ? digits.dropFirst() : digits
            guard !numberBytes.isEmpty,
                let value = UInt32(String(decoding: numberBytes, as: UTF8.self), radix: isHex ? 16 : 10),
                let scalar = Unicode.Scalar(value), value != 0
            else {
                self.position = start
                throw self.error("invalid character reference")
            }
            buffer.append(contentsOf: String(Character(scalar)).utf8)
        }
    }

    private mutating func readCDATA(into buffer: inout [UInt8]) throws(AWSCredentialsError) {
        self.position += 9  // <![CDATA[
        guard let end = self.find([UInt8(ascii: "]"), UInt8(ascii: "]"), UInt8(ascii: ">")]) else {
            throw self.error("unterminated CDATA section")
        }
        buffer.append(contentsOf: self.bytes[self.position..<end])
        self.position = end + 3
    }

    private mutating func skipComment() throws(AWSCredentialsError) {
        self.position += 4  // <!--
        guard let end = self.find([UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: ">")]) else {
            throw self.error("unterminated comment")
        }
        self.position = end + 3
    }

    private mutating func skipProcessingInstruction() throws(AWSCredentialsError) {
        self.position += 2  // <?
        guard let end = self.find([UInt8(ascii: "?"), UInt8(ascii: ">")]) else {
            throw self.error("unterminated processing instruction")
        }
        self.position = end + 2
    }

    // MARK: Bytes

    private func peek(at offset: Int = 0) -> UInt8? {
        let index = self.position + offset
        return index < self.bytes.count ? self.bytes[index] : nil
    }

    private func hasPrefix(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard self.position + count <= self.bytes.count else { return false }
        return literal.withUTF8Buffer { literalBytes in
            for index in 0..<count where self.bytes[self.position + index] != literalBytes[index] {
                return false
            }
            return true
        }
    }

    /// The index of the next occurrence of `needle` (2 or 3 bytes) at or after `position`.
    private func find(_ needle: [UInt8]) -> Int? {
        var index = self.position
        while index + needle.count <= self.bytes.count {
            if self.bytes[index] == needle[0] {
                var matches = true
                for offset in 1..<needle.count where self.bytes[index + offset] != needle[offset] {
                    matches = false
                    break
                }
                if matches { return index }
            }
            index += 1
        }
        return nil
    }

    @discardableResult
    private mutating func skipWhitespace() -> Bool {
        let start = self.position
        while let byte = self.peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { self.position += 1 }
        return self.position > start
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func localName(_ qualified: [UInt8]) -> String {
        if let colon = qualified.lastIndex(of: UInt8(ascii: ":")), colon + 1 < qualified.count {
            return String(decoding: qualified[(colon + 1)...], as: UTF8.self)
        }
        return String(decoding: qualified, as: UTF8.self)
    }

    /// A name for an error message, shortened so a hostile document cannot make messages huge.
    private func name(_ qualified: [UInt8]) -> String {
        let text = String(decoding: qualified.prefix(64), as: UTF8.self)
        return qualified.count > 64 ? text + "…" : text
    }

    private func error(_ what: String) -> AWSCredentialsError {
        AWSCredentialsError(code: .invalidResponse, reason: "malformed XML at byte \(self.position): \(what)")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs, carriage returns and line feeds.
    func trimmingASCIIWhitespace() -> String {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let utf8 = self.utf8
        guard let first = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        guard let last = utf8.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}
