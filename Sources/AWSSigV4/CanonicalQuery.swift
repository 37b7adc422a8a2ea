/// The canonical query string of a SigV4 canonical request.
///
/// Parameters are split on `&` and at the first `=` (a parameter without `=` has an empty value,
/// empty pieces such as the middle of `a&&b` are skipped), decoded, encoded again with the RFC
/// 3986 unreserved set, and sorted by encoded key and then encoded value, comparing bytes.
/// `+` is an ordinary character (the query is not form-encoded) and becomes `%2B`.
struct CanonicalQuery {
    private struct Parameter {
        var key: Range<Int>
        var value: Range<Int>
    }

    /// Encoded keys and values, back to back.
    private var storage: [UInt8] = []
    private var parameters: [Parameter] = []

    /// Whether the query has no parameters.
    var isEmpty: Bool { self.parameters.isEmpty }

    /// Adds the parameters of a raw query (the part after `?`).
    ///
    /// - Parameter dropping: Encoded keys to leave out (a presigned URL's own parameters, which a
    ///   new presignature replaces).
    /// - Throws: ``SigV4Error/Code/invalidPercentEncoding`` with the byte offset in the query.
    mutating func add(rawQuery query: UnsafeBufferPointer<UInt8>, dropping: Set<[UInt8]> = []) throws(SigV4Error) {
        var pieceStart = 0
        var index = 0
        let count = query.count
        while index <= count {
            if index == count || query[index] == UInt8(ascii: "&") {
                if index > pieceStart {
                    try self.addPiece(query, pieceStart..<index, dropping: dropping)
                }
                pieceStart = index + 1
            }
            index += 1
        }
    }

    private mutating func addPiece(
        _ query: UnsafeBufferPointer<UInt8>,
        _ piece: Range<Int>,
        dropping: Set<[UInt8]>
    ) throws(SigV4Error) {
        var separator = piece.upperBound
        for index in piece where query[index] == UInt8(ascii: "=") {
            separator = index
            break
        }
        let rawKey = piece.lowerBound..<separator
        let rawValue = separator < piece.upperBound ? (separator + 1)..<piece.upperBound : piece.upperBound..<piece.upperBound

        let mark = self.storage.count
        let keyStart = self.storage.count
        if let offset = PercentEncoding.appendReencoding(
            UnsafeBufferPointer(rebasing: query[rawKey]), keepingSlash: false, to: &self.storage)
        {
            self.storage.removeSubrange(mark...)
            throw Self.invalidEscape(at: rawKey.lowerBound + offset)
        }
        let key = keyStart..<self.storage.count
        if !dropping.isEmpty && dropping.contains(Array(self.storage[key])) {
            self.storage.removeSubrange(mark...)
            return
        }
        let valueStart = self.storage.count
        if let offset = PercentEncoding.appendReencoding(
            UnsafeBufferPointer(rebasing: query[rawValue]), keepingSlash: false, to: &self.storage)
        {
            self.storage.removeSubrange(mark...)
            throw Self.invalidEscape(at: rawValue.lowerBound + offset)
        }
        self.parameters.append(Parameter(key: key, value: valueStart..<self.storage.count))
    }

    private static func invalidEscape(at offset: Int) -> SigV4Error {
        SigV4Error(
            code: .invalidPercentEncoding,
            reason: "the query has a '%' at byte \(offset) that is not followed by two hexadecimal digits"
        )
    }

    /// Adds a parameter whose key and value are already in canonical (encoded) form.
    mutating func add(encodedKey: some Sequence<UInt8>, encodedValue: some Sequence<UInt8>) {
        let keyStart = self.storage.count
        self.storage.append(contentsOf: encodedKey)
        let valueStart = self.storage.count
        self.storage.append(contentsOf: encodedValue)
        self.parameters.append(Parameter(key: keyStart..<valueStart, value: valueStart..<self.storage.count))
    }

    /// Appends `key=value&…` sorted by key, then value.
    func appendCanonical(to out: inout [UInt8]) {
        self.storage.withUnsafeBufferPointer { bytes in
            let sorted = self.parameters.sorted { lhs, rhs in
                let keyOrder = Self.compare(bytes, lhs.key, rhs.key)
                if keyOrder != 0 { return keyOrder < 0 }
                return Self.compare(bytes, lhs.value, rhs.value) < 0
            }
            for (position, parameter) in sorted.enumerated() {
                if position > 0 { out.append(UInt8(ascii: "&")) }
                out.append(contentsOf: bytes[parameter.key])
                out.append(UInt8(ascii: "="))
                out.append(contentsOf: bytes[parameter.value])
            }
        }
    }

    /// Compares two byte ranges lexicographically: negative, zero or positive.
    private static func compare(_ bytes: UnsafeBufferPointer<UInt8>, _ lhs: Range<Int>, _ rhs: Range<Int>) -> Int {
        let common = min(lhs.count, rhs.count)
        var offset = 0
        while offset < common {
            let left = bytes[lhs.lowerBound + offset]
            let right = bytes[rhs.lowerBound + offset]
            if left != right { return left < right ? -1 : 1 }
            offset += 1
        }
        return lhs.count - rhs.count
    }
}
