/// HMAC-SHA256 (RFC 2104) on top of ``SHA256Context``.
///
/// SigV4 computes five HMACs per signing key (four to derive it, one per signature), so the
/// construction runs on a caller-provided context instead of allocating one per call.
enum HMACSHA256 {
    private static let blockSize = 64

    /// Computes HMAC-SHA256 of `message` under `key`.
    ///
    /// - Parameters:
    ///   - key: The key; keys longer than the 64-byte block are hashed first, as RFC 2104 says.
    ///   - message: The message bytes.
    ///   - context: A SHA-256 context to use; its previous state is discarded.
    /// - Returns: The 32-byte MAC.
    static func authenticate(
        key: UnsafeRawBufferPointer,
        message: UnsafeRawBufferPointer,
        using context: borrowing SHA256Context
    ) -> SHA256Digest {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: blockSize) { pad in
            // K0: the key, hashed if longer than a block, zero-padded to a block.
            pad.initialize(repeating: 0)
            if key.count > blockSize {
                let hashedKey = context.hash(key)
                hashedKey.withUnsafeBytes { hashed in
                    for index in 0..<hashed.count { pad[index] = hashed[index] }
                }
            } else {
                for index in 0..<key.count { pad[index] = key[index] }
            }

            for index in 0..<blockSize { pad[index] ^= 0x36 }
            context.reset()
            context.update(UnsafeRawBufferPointer(pad))
            context.update(message)
            let inner = context.finish()

            // 0x36 ^ 0x5c turns the inner pad into the outer one without keeping K0 around.
            for index in 0..<blockSize { pad[index] ^= 0x36 ^ 0x5C }
            context.reset()
            context.update(UnsafeRawBufferPointer(pad))
            context.update(inner)
            let outer = context.finish()

            // Leave no key material in the scratch buffer.
            pad.update(repeating: 0)
            return outer
        }
    }

    /// HMAC-SHA256 of `message` under a 32-byte key such as a SigV4 signing key.
    static func authenticate(
        key: SHA256Digest,
        message: UnsafeRawBufferPointer,
        using context: borrowing SHA256Context
    ) -> SHA256Digest {
        key.withUnsafeBytes { authenticate(key: $0, message: message, using: context) }
    }

    /// HMAC-SHA256 of a string's UTF-8 bytes under a 32-byte key.
    static func authenticate(key: SHA256Digest, message: String, using context: borrowing SHA256Context) -> SHA256Digest {
        var message = message
        return message.withUTF8 { authenticate(key: key, message: UnsafeRawBufferPointer($0), using: context) }
    }
}
