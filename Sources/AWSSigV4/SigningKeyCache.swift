import Synchronization

/// A bounded, thread-safe cache of SigV4 signing keys.
///
/// Deriving a signing key costs four HMAC-SHA256 computations; a key is valid for one access key,
/// one UTC day, one region and one service. The cache keeps derived keys so that signing the same
/// kind of request again costs one HMAC. It is keyed on the access key ID, a SHA-256 fingerprint of
/// the secret (never the secret itself), the day, the region and the service; when a credential's
/// secret changes (rotation), the fingerprint changes and a new key is derived.
///
/// ``shared`` serves every ``SigV4Signer`` unless its options name another cache or none.
/// The cache holds at most ``capacity`` keys and forgets the least recently used one first.
public final class SigningKeyCache: Sendable {
    struct Key: Hashable {
        var accessKeyID: String
        var secretFingerprint: SHA256Digest
        var day: Int
        var region: String
        var service: String
    }

    private struct Entry {
        var signingKey: SHA256Digest
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    /// The cache that signers use by default.
    public static let shared = SigningKeyCache(capacity: 256)

    /// The most keys the cache holds at once.
    public let capacity: Int

    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: The most keys to keep; at least 1. A signer that uses many
    ///   credentials, regions or services at once wants room for each combination in use today.
    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// How many keys the cache holds now.
    public var count: Int {
        self.state.withLock { $0.entries.count }
    }

    /// Forgets every key (for example after credentials were revoked).
    public func removeAll() {
        self.state.withLock { $0.entries.removeAll() }
    }

    /// The cached key for `key`, marked as used; `nil` when the cache has none.
    func signingKey(for key: Key) -> SHA256Digest? {
        self.state.withLock { state in
            guard let index = state.entries.index(forKey: key) else { return nil }
            state.clock &+= 1
            state.entries.values[index].lastUse = state.clock
            return state.entries.values[index].signingKey
        }
    }

    /// Stores a derived key, making room by forgetting the least recently used one.
    ///
    /// Derivation runs outside the lock, so a slow derivation never blocks other signers; two
    /// threads that miss at once both derive and store the same key, which is harmless.
    func store(_ signingKey: SHA256Digest, for key: Key) {
        self.state.withLock { state in
            if state.entries[key] == nil, state.entries.count >= self.capacity,
                let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key
            {
                state.entries.removeValue(forKey: oldest)
            }
            state.clock &+= 1
            state.entries[key] = Entry(signingKey: signingKey, lastUse: state.clock)
        }
    }
}
