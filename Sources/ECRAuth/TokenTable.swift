/// The cache's table of entries: a dictionary in behaviour, tuned for the handful of registries
/// an operator holds tokens for.
///
/// Hashing a registry means hashing its account, region and suffix strings (about 75 ns);
/// comparing two is a few machine words for those short ASCII strings (about 6 ns). So up to
/// ``linearLimit`` entries are found by a linear scan with `==`, and a hash index is kept only
/// for larger tables, which keeps a cache hit well under 200 ns.
struct TokenTable<Key: Hashable, Value> {
    /// The most entries searched linearly before a hash index is kept.
    static var linearLimit: Int { 16 }

    private var keys: [Key] = []
    private var storedValues: [Value] = []
    private var index: [Key: Int]?

    /// The value for `key`; assigning `nil` removes it.
    subscript(key: Key) -> Value? {
        get {
            self.position(of: key).map { self.storedValues[$0] }
        }
        set {
            if let newValue {
                if let position = self.position(of: key) {
                    self.storedValues[position] = newValue
                } else {
                    self.keys.append(key)
                    self.storedValues.append(newValue)
                    if self.index != nil {
                        self.index?[key] = self.keys.count - 1
                    } else if self.keys.count > Self.linearLimit {
                        self.rebuildIndex()
                    }
                }
            } else {
                _ = self.removeValue(forKey: key)
            }
        }
    }

    /// Removes the value for `key` and returns it, if there was one.
    mutating func removeValue(forKey key: Key) -> Value? {
        guard let position = self.position(of: key) else { return nil }
        self.keys.remove(at: position)
        let value = self.storedValues.remove(at: position)
        if self.index != nil { self.rebuildIndex() }
        return value
    }

    /// Removes every entry.
    mutating func removeAll() {
        self.keys.removeAll()
        self.storedValues.removeAll()
        self.index = nil
    }

    /// The values, in insertion order.
    var values: [Value] { self.storedValues }

    /// The number of entries.
    var count: Int { self.keys.count }

    private func position(of key: Key) -> Int? {
        if let index = self.index {
            return index[key]
        }
        return self.keys.withUnsafeBufferPointer { keys in
            for position in 0..<keys.count where keys[position] == key {
                return position
            }
            return nil
        }
    }

    private mutating func rebuildIndex() {
        guard self.keys.count > Self.linearLimit else {
            self.index = nil
            return
        }
        var index: [Key: Int] = [:]
        index.reserveCapacity(self.keys.count)
        for (position, key) in self.keys.enumerated() {
            index[key] = position
        }
        self.index = index
    }
}
