internal import CLibCrypto

/// SHA-256 as the process's libcrypto computes it.
enum LibCryptoSHA256 {
    /// The fetched SHA-256 method, kept for the life of the process, or `nil` when libcrypto
    /// offers none (a broken installation).
    nonisolated(unsafe) static let method: OpaquePointer? = CLibCrypto_fetchSHA256()
}

/// A reusable SHA-256 computation over one owned `EVP_MD_CTX`, freed when the value goes away.
///
/// Non-copyable, so the context has exactly one owner and is never used from two places at once.
/// One signing operation creates one context and runs every digest and HMAC on it.
struct SHA256Context: ~Copyable {
    private let context: OpaquePointer

    /// Creates a context.
    ///
    /// Traps only if libcrypto cannot allocate a context or has no SHA-256, which no input can
    /// cause.
    init() {
        guard LibCryptoSHA256.method != nil, let context = EVP_MD_CTX_new() else {
            preconditionFailure("libcrypto provides no SHA-256 implementation")
        }
        self.context = context
    }

    deinit {
        EVP_MD_CTX_free(self.context)
    }

    /// Starts a new digest, discarding any previous state.
    func reset() {
        let ok = EVP_DigestInit_ex(self.context, LibCryptoSHA256.method, nil)
        precondition(ok == 1, "EVP_DigestInit_ex(SHA-256) failed")
    }

    /// Adds bytes to the digest.
    func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        let ok = EVP_DigestUpdate(self.context, base, bytes.count)
        precondition(ok == 1, "EVP_DigestUpdate(SHA-256) failed")
    }

    /// Adds an array's bytes to the digest.
    func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { self.update($0) }
    }

    /// Adds a digest's 32 bytes (for HMAC's outer hash).
    func update(_ digest: SHA256Digest) {
        digest.withUnsafeBytes { self.update($0) }
    }

    /// Adds the UTF-8 bytes of a string to the digest.
    func update(utf8 string: String) {
        var string = string
        string.withUTF8 { self.update(UnsafeRawBufferPointer($0)) }
    }

    /// Finishes the digest.
    func finish() -> SHA256Digest {
        var digest = SHA256Digest()
        digest.withUnsafeMutableBytes { out in
            var length: UInt32 = 0
            let ok = EVP_DigestFinal_ex(self.context, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length)
            precondition(ok == 1 && length == 32, "EVP_DigestFinal_ex(SHA-256) failed")
        }
        return digest
    }

    /// The digest of one buffer.
    func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        self.reset()
        self.update(bytes)
        return self.finish()
    }

    /// The digest of an array's bytes.
    func hash(_ bytes: [UInt8]) -> SHA256Digest {
        bytes.withUnsafeBytes { self.hash($0) }
    }
}
