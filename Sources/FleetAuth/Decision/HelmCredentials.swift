/// The Helm credentials Fleet holds for a chart download (Fleet's `bundlereader.Auth`): basic
/// authentication, a CA bundle, an SSH key, and two transport switches.
///
/// The username, password, CA bundle and SSH key never appear in any printed form:
/// `description`, `debugDescription`, `dump()` and string interpolation show only which fields
/// are set.
public struct HelmCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The basic-authentication user name (Secret key `username`).
    public var username: String
    /// The basic-authentication password (Secret key `password`), raw, without a trailing newline.
    public var password: String
    /// A PEM CA bundle (Secret key `cacerts`, `secrets-path.yaml` key `caBundle`).
    public var caBundle: [UInt8]?
    /// An SSH private key for `git::ssh` chart sources (Secret key `ssh-privatekey`).
    public var sshPrivateKey: [UInt8]?
    /// Whether TLS certificates are not verified (Secret key `insecureSkipVerify`).
    public var insecureSkipVerify: Bool
    /// Whether OCI registries are reached over plain HTTP (Secret key `basicHTTP`).
    public var basicHTTP: Bool

    /// Creates credentials.
    ///
    /// - Parameters:
    ///   - username: The user name; empty for none.
    ///   - password: The password; empty for none.
    ///   - caBundle: A PEM CA bundle.
    ///   - sshPrivateKey: An SSH private key.
    ///   - insecureSkipVerify: Skip TLS verification.
    ///   - basicHTTP: Use plain HTTP for OCI registries.
    public init(
        username: String = "",
        password: String = "",
        caBundle: [UInt8]? = nil,
        sshPrivateKey: [UInt8]? = nil,
        insecureSkipVerify: Bool = false,
        basicHTTP: Bool = false
    ) {
        self.username = username
        self.password = password
        self.caBundle = caBundle
        self.sshPrivateKey = sshPrivateKey
        self.insecureSkipVerify = insecureSkipVerify
        self.basicHTTP = basicHTTP
    }

    /// No credentials at all (Fleet's `Auth{}`).
    public static let none = HelmCredentials()

    /// Whether anything secret is set: a username, a password or an SSH key.
    public var hasSecrets: Bool {
        !self.username.isEmpty || !self.password.isEmpty || self.sshPrivateKey != nil
    }

    /// Whether Fleet sends basic authentication (index requests, chart downloads) and logs in to an
    /// OCI registry: only when both the username and the password are non-empty.
    public var sendsBasicAuth: Bool {
        !self.username.isEmpty && !self.password.isEmpty
    }

    /// What a failed match leaves under the current rule: the username, password and SSH key are
    /// removed; `cacerts`, `insecureSkipVerify` and `basicHTTP` are kept.
    public var strippedOfSecrets: HelmCredentials {
        var copy = self
        copy.username = ""
        copy.password = ""
        copy.sshPrivateKey = nil
        return copy
    }

    /// Which fields are set, never their values, for example
    /// `HelmCredentials(username: <redacted>, password: <redacted>, insecureSkipVerify)`.
    public var description: String {
        var parts: [String] = []
        if !self.username.isEmpty { parts.append("username: <redacted>") }
        if !self.password.isEmpty { parts.append("password: <redacted>") }
        if self.caBundle != nil { parts.append("caBundle: <redacted>") }
        if self.sshPrivateKey != nil { parts.append("sshPrivateKey: <redacted>") }
        if self.insecureSkipVerify { parts.append("insecureSkipVerify") }
        if self.basicHTTP { parts.append("basicHTTP") }
        return "HelmCredentials(" + parts.joined(separator: ", ") + ")"
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
