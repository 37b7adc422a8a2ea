/// The canonical URI line of a SigV4 canonical request.
enum CanonicalURI {
    /// Appends the canonical form of `path` (the request's path without its query, as sent on the
    /// wire).
    ///
    /// - Normalization (all services but S3): dot segments are removed as RFC 3986 §5.2.4 says
    ///   and empty segments (`//`) are dropped; a path that ended in `/`, `/.` or `/..` keeps a
    ///   trailing slash. An empty path becomes `/`.
    /// - Double encoding (all services but S3): the wire path is percent-encoded once more, so
    ///   `%20` becomes `%2520`; every byte but the unreserved characters and `/` is escaped.
    /// - Single encoding (S3): escapes are decoded and the bytes encoded again in canonical form
    ///   (`%7e` → `~`, a raw space → `%20`), which is what S3 computes from the key it receives.
    ///
    /// - Throws: ``SigV4Error/Code/invalidPercentEncoding`` when a `%` is not followed by two
    ///   hexadecimal digits.
    static func append(
        path: UnsafeBufferPointer<UInt8>,
        normalize: Bool,
        doubleEncode: Bool,
        to out: inout [UInt8]
    ) throws(SigV4Error) {
        if let offset = PercentEncoding.firstInvalidEscape(in: path) {
            throw SigV4Error(
                code: .invalidPercentEncoding,
                reason: "the path has a '%' at byte \(offset) that is not followed by two hexadecimal digits"
            )
        }
        if path.isEmpty {
            out.append(UInt8(ascii: "/"))
            return
        }
        if normalize && needsNormalization(path) {
            var normalized: [UInt8] = []
            normalized.reserveCapacity(path.count + 1)
            appendNormalized(path, to: &normalized)
            normalized.withUnsafeBufferPointer { appendEncoded($0, doubleEncode: doubleEncode, to: &out) }
        } else {
            if path[0] != UInt8(ascii: "/") {
                out.append(UInt8(ascii: "/"))
            }
            appendEncoded(path, doubleEncode: doubleEncode, to: &out)
        }
    }

    private static func appendEncoded(_ path: UnsafeBufferPointer<UInt8>, doubleEncode: Bool, to out: inout [UInt8]) {
        if doubleEncode {
            PercentEncoding.appendEncoding(path, keepingSlash: true, to: &out)
        } else {
            // Escapes were validated before, so re-encoding cannot fail here.
            _ = PercentEncoding.appendReencoding(path, keepingSlash: true, to: &out)
        }
    }

    /// Whether the path has an empty, `.` or `..` segment, or does not start with `/`.
    private static func needsNormalization(_ path: UnsafeBufferPointer<UInt8>) -> Bool {
        if path[0] != UInt8(ascii: "/") { return true }
        var segmentStart = 1
        var index = 1
        let count = path.count
        while index <= count {
            if index == count || path[index] == UInt8(ascii: "/") {
                let length = index - segmentStart
                // An empty segment is only fine as the very end (a trailing slash).
                if length == 0 && index != count { return true }
                if length == 1 && path[segmentStart] == UInt8(ascii: ".") { return true }
                if length == 2 && path[segmentStart] == UInt8(ascii: ".") && path[segmentStart + 1] == UInt8(ascii: ".") {
                    return true
                }
                segmentStart = index + 1
            }
            index += 1
        }
        return false
    }

    /// Appends the path with dot segments resolved and empty segments removed, starting with `/`.
    private static func appendNormalized(_ path: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // Segment ranges kept so far; `..` pops one.
        var kept: [Range<Int>] = []
        var trailingSlash = false
        var segmentStart = 0
        var index = 0
        let count = path.count
        while index <= count {
            if index == count || path[index] == UInt8(ascii: "/") {
                let segment = segmentStart..<index
                let length = segment.count
                let isLast = index == count
                if length == 0 {
                    if isLast { trailingSlash = true }
                } else if length == 1 && path[segment.lowerBound] == UInt8(ascii: ".") {
                    if isLast { trailingSlash = true }
                } else if length == 2 && path[segment.lowerBound] == UInt8(ascii: ".")
                    && path[segment.lowerBound + 1] == UInt8(ascii: ".")
                {
                    if !kept.isEmpty { kept.removeLast() }
                    if isLast { trailingSlash = true }
                } else {
                    kept.append(segment)
                    if isLast { trailingSlash = false }
                }
                segmentStart = index + 1
            }
            index += 1
        }
        out.append(UInt8(ascii: "/"))
        for (position, segment) in kept.enumerated() {
            if position > 0 { out.append(UInt8(ascii: "/")) }
            out.append(contentsOf: path[segment])
        }
        if trailingSlash && !kept.isEmpty {
            out.append(UInt8(ascii: "/"))
        }
    }
}
