/// The `secrets-path.yaml` of a `helmSecretNameForPaths` Secret: Helm credentials per bundle path.
///
/// ```yaml
/// single-cluster/test-multipasswd:        # a bundle path, exactly
///   username: fleet-ci
///   password: foo
///   caBundle: LS0tLS1CRUdJTi...            # base64 of the PEM
/// helm-secret-name-paths-3/*:             # or a Go filepath.Match pattern
///   username: fleet-ci
///   password: foo
///   insecureSkipVerify: true
/// ```
///
/// Fleet selects the entry for a bundle path by exact key first, then by trying every key as a
/// Go `filepath.Match` pattern in lexical key order, the first match winning (`*` does not cross
/// `/`). A malformed pattern met before a match fails the bundle. Paths with no entry get no
/// credentials.
///
/// Note that Fleet's git job does not pass `helmRepoURLRegex` to `fleet apply` in this mode (see
/// ``GitRepo/effectiveHelmRepoURLRegex(rancherCABundle:)``): the selected credentials are judged
/// with an empty pattern.
///
/// The credentials never appear in any printed form.
public struct SecretsPathFile: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The entries by key (a path or a pattern).
    public var entries: [String: HelmCredentials]

    /// Creates a file from its entries.
    ///
    /// - Parameter entries: Credentials by path or pattern.
    public init(entries: [String: HelmCredentials]) {
        self.entries = entries
    }

    /// Decodes `secrets-path.yaml` as Fleet does (Go `encoding/json` field names, matched without
    /// regard to case; `caBundle` and `sshPrivateKey` base64).
    ///
    /// - Parameter yaml: The file's text.
    /// - Throws: ``FleetAuthError`` naming the key and line; never quoting a credential.
    public init(yaml: String) throws {
        let documents = try DocumentReader.documents(yaml, what: "secrets-path.yaml")
        guard let first = documents.first else {
            self.init(entries: [:])
            return
        }
        let root = DocumentReader(node: first, path: "", keys: .goJSON)
        var entries: [String: HelmCredentials] = [:]
        for pair in try root.requireMapping() {
            let entry = DocumentReader(node: pair.value, path: pair.key, keys: .goJSON)
            _ = try entry.requireMapping()
            var credentials = HelmCredentials(
                username: try entry.string("username") ?? "",
                password: try entry.string("password") ?? "",
                insecureSkipVerify: try entry.bool("insecureSkipVerify") ?? false,
                basicHTTP: try entry.bool("basicHTTP") ?? false
            )
            for (key, assign) in [
                ("caBundle", { (c: inout HelmCredentials, b: [UInt8]) in c.caBundle = b }),
                ("sshPrivateKey", { (c: inout HelmCredentials, b: [UInt8]) in c.sshPrivateKey = b }),
            ] {
                if let field = try entry.child(key) {
                    guard let bytes = Base64.decode(try field.stringValue()) else {
                        throw field.fail(.invalidField, "expected base64 data")
                    }
                    assign(&credentials, bytes)
                }
            }
            entries[pair.key] = credentials
        }
        self.init(entries: entries)
    }

    /// The key Fleet selects for a bundle path, and its credentials.
    ///
    /// - Parameter path: The bundle directory, relative to the repository root, as Fleet walks it
    ///   (for example `single-cluster/test-multipasswd`).
    /// - Returns: The key and credentials, or nil when no key applies.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidGlob`` when a malformed pattern
    ///   is met before a match, as Fleet fails the bundle.
    public func selection(forPath path: String) throws -> (key: String, credentials: HelmCredentials)? {
        if let exact = self.entries[path] {
            return (path, exact)
        }
        // Lexical order of the keys (Go's slices.Sort on strings: byte order).
        let keys = self.entries.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        for key in keys {
            let matched: Bool
            do {
                matched = try GoFilepathMatch.match(key, path)
            } catch {
                throw FleetAuthError(
                    code: .invalidGlob,
                    reason: "secrets-path.yaml key \(String(reflecting: key)) is not a valid filepath.Match pattern "
                        + "(syntax error in pattern)"
                )
            }
            if matched, let credentials = self.entries[key] {
                return (key, credentials)
            }
        }
        return nil
    }

    /// The keys, never the credentials, for example `SecretsPathFile(keys: ["a", "b/*"])`.
    public var description: String {
        let keys = self.entries.keys.sorted().map { String(reflecting: $0) }.joined(separator: ", ")
        return "SecretsPathFile(keys: [\(keys)])"
    }

    /// The same as ``description``.
    public var debugDescription: String {
        self.description
    }

    /// A mirror that shows only ``description``, so `dump()` prints no secret.
    public var customMirror: Mirror {
        Mirror(self, children: ["redacted": self.description], displayStyle: .struct)
    }
}

/// Go's `filepath.Match` (Unix), exposed for tools that check `secrets-path.yaml` keys.
public enum GoFilepath {
    /// Whether `name` matches the shell pattern `pattern`, as Go's `path/filepath.Match` on Unix.
    ///
    /// - Parameters:
    ///   - pattern: The pattern: `*`, `?`, `[…]`, `\` escapes.
    ///   - name: The path to test.
    /// - Returns: Whether the whole of `name` matches.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/invalidGlob`` when the pattern is
    ///   malformed (Go's `ErrBadPattern`), exactly when Go 1.23 reports it: a malformed part that
    ///   Go never reaches (after a chunk that already failed) is not reported.
    public static func match(_ pattern: String, _ name: String) throws -> Bool {
        do {
            return try GoFilepathMatch.match(pattern, name)
        } catch {
            throw FleetAuthError(
                code: .invalidGlob,
                reason: "\(String(reflecting: pattern)) is not a valid filepath.Match pattern (syntax error in pattern)"
            )
        }
    }
}
