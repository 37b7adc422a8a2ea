import HTTPTypes

/// A raw HTTP/1.1 request as a user pastes it: request line, header lines, an empty line, a body.
///
/// Accepts `\n` or `\r\n` line ends, origin-form (`/path?query`) or absolute-form
/// (`https://host/path`) targets, and folded header lines (a line starting with a space or tab
/// continues the previous header, as RFC 9112's obsolete line folding did). The `Host` header
/// becomes the request's authority. The body is everything after the empty line, minus one final
/// line end (files end in one); with `Content-Length`, exactly that many bytes.
struct RawHTTPRequest {
    var request: HTTPRequest
    var body: [UInt8]

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// The most bytes `sign` reads; a signing aid has no use for larger bodies.
    static let maximumSize = 16 * 1024 * 1024

    init(parsing bytes: [UInt8], defaultScheme: String) throws {
        guard bytes.count <= Self.maximumSize else {
            throw ParseError(description: "the request is larger than \(Self.maximumSize) bytes")
        }
        var lines: [ArraySlice<UInt8>] = []
        var body: [UInt8] = []
        var lineStart = 0
        var index = 0
        var sawBlankLine = false
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                var line = bytes[lineStart..<index]
                if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
                lineStart = index + 1
                if line.isEmpty {
                    if lines.isEmpty { index += 1; continue }  // leading blank lines
                    sawBlankLine = true
                    body = Array(bytes[lineStart...])
                    break
                }
                lines.append(line)
            }
            index += 1
        }
        if !sawBlankLine && lineStart < bytes.count {
            var line = bytes[lineStart...]
            if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
            if !line.isEmpty { lines.append(line) }
        }

        guard let requestLine = lines.first else {
            throw ParseError(description: "the input is empty: expected a request line such as 'POST / HTTP/1.1'")
        }
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true)
        guard parts.count >= 2 else {
            throw ParseError(description: "line 1: expected 'METHOD TARGET HTTP/1.1'")
        }
        let methodText = String(decoding: parts[0], as: UTF8.self)
        guard let method = HTTPRequest.Method(methodText) else {
            throw ParseError(description: "line 1: '\(methodText)' is not an HTTP method")
        }
        // The target is everything between the method and a trailing HTTP version; it may hold spaces.
        var targetParts = parts.dropFirst()
        if let last = targetParts.last, last.starts(with: Array("HTTP/".utf8)), targetParts.count > 1 {
            targetParts = targetParts.dropLast()
        }
        var target = String(decoding: Array(targetParts.joined(separator: [UInt8(ascii: " ")])), as: UTF8.self)

        var scheme = defaultScheme
        var authority: String? = nil
        for prefix in ["https://", "http://"] where target.lowercased().hasPrefix(prefix) {
            scheme = String(prefix.dropLast(3))
            let rest = target.dropFirst(prefix.count)
            let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
            authority = String(rest[..<slash])
            target = rest[slash...].isEmpty ? "/" : String(rest[slash...])
        }

        var fields: [(name: String, value: [UInt8], line: Int)] = []
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") {
                guard !fields.isEmpty else {
                    throw ParseError(description: "line \(lineNumber): a continuation line before any header")
                }
                fields[fields.count - 1].value.append(UInt8(ascii: " "))
                fields[fields.count - 1].value.append(contentsOf: line)
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                throw ParseError(description: "line \(lineNumber): expected 'Name: value'")
            }
            var value = line[(colon + 1)...]
            while let first = value.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { value = value.dropFirst() }
            while let last = value.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { value = value.dropLast() }
            fields.append((String(decoding: line[line.startIndex..<colon], as: UTF8.self), Array(value), lineNumber))
        }

        var request = HTTPRequest(method: method, scheme: scheme, authority: authority, path: target)
        for field in fields {
            guard let name = HTTPField.Name(field.name) else {
                throw ParseError(description: "line \(field.line): '\(field.name)' is not a valid header name")
            }
            if name.canonicalName == "host" {
                let host = String(decoding: field.value, as: UTF8.self).trimmingSpaces
                if let authority, authority != host {
                    throw ParseError(description: "line \(field.line): the Host header differs from the request target's host")
                }
                request.authority = host
                continue
            }
            request.headerFields.append(HTTPField(name: name, lenientValue: field.value))
        }
        guard request.authority != nil else {
            throw ParseError(description: "the request names no host: add a 'Host:' header or use an absolute URL")
        }
        if let lengthText = request.headerFields[.contentLength] {
            guard let length = Int(lengthText), length >= 0 else {
                throw ParseError(description: "Content-Length '\(lengthText)' is not a byte count")
            }
            guard length <= body.count else {
                throw ParseError(description: "Content-Length is \(length) but the body has \(body.count) bytes")
            }
            body = Array(body[0..<length])
        } else if body.last == UInt8(ascii: "\n") {
            // A file's final line end is not part of the body; give Content-Length to keep it.
            body.removeLast()
            if body.last == UInt8(ascii: "\r") { body.removeLast() }
        }
        self.request = request
        self.body = body
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let trimmed = self.drop(while: { $0 == " " || $0 == "\t" })
        return String(trimmed.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
