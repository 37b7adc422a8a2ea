/// Who a provider's credentials belong to: a stable, non-secret key for caches.
///
/// The ``source`` says what kind of provider it is (`webIdentity`, `profile`, …) and the
/// ``principal`` which principal within it: a role ARN, a profile and its files, an endpoint, or
/// an access key ID. It never holds a secret access key, session token or token; access key IDs
/// (which AWS does not treat as secret) are shortened to their first and last four characters in
/// ``description``, but compared in full.
///
/// ```swift
/// let key = provider.identity           // webIdentity(arn:aws:iam::111122223333:role/fleet)
/// tokenCache[key] = token
/// ```
public struct AWSCredentialsIdentity: Hashable, Sendable, CustomStringConvertible {
    /// The kind of provider: `static`, `environment`, `profile`, `webIdentity`, `container`,
    /// `instanceMetadata`, `assumeRole`, `defaultChain`, or a name of your own.
    public var source: String

    /// The principal within the source: a role ARN, a profile name with its files, an endpoint
    /// URL, an access key ID. Never a secret.
    public var principal: String

    /// Creates an identity.
    ///
    /// - Parameters:
    ///   - source: The kind of provider.
    ///   - principal: The principal within the source; must not be a secret.
    public init(source: String, principal: String) {
        self.source = source
        self.principal = principal
    }

    /// `source(principal)`, with access key IDs shortened to their first and last four characters.
    public var description: String {
        "\(self.source)(\(Self.shortenAccessKeyIDs(in: self.principal)))"
    }

    /// Replaces every access-key-like word (`AKIA…`, `ASIA…`, 16 or more uppercase letters and
    /// digits) by its first and last four characters.
    static func shortenAccessKeyIDs(in text: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            let isKeyLike = word.utf8.count >= 16 && word.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
            result += isKeyLike ? "\(word.prefix(4))…\(word.suffix(4))" : word
            word = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                word.append(character)
            } else {
                flush()
                result.append(character)
            }
        }
        flush()
        return result
    }
}
