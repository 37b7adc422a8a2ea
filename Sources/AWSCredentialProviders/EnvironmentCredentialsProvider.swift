public import AWSSigV4
public import Logging

/// Credentials from environment variables: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and,
/// for temporary credentials, `AWS_SESSION_TOKEN`.
///
/// As in the AWS SDK for Go v2 (and the SDK for Java), `AWS_ACCESS_KEY` and `AWS_SECRET_KEY`
/// are read when `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` are unset. Empty variables count
/// as unset. `AWS_CREDENTIAL_EXPIRATION` (an ISO 8601 time), when set, becomes the credentials'
/// expiry.
///
/// ```swift
/// let provider = EnvironmentCredentialsProvider(environment: .process())
/// ```
public struct EnvironmentCredentialsProvider: AWSCredentialsProvider, CustomStringConvertible, CustomReflectable {
    /// Where the variables are read.
    public var environment: AWSEnvironment

    /// Creates a provider that reads `environment`.
    ///
    /// - Parameter environment: The environment to read; defaults to the process's.
    public init(environment: AWSEnvironment = .process()) {
        self.environment = environment
    }

    /// Whether the environment names an access key (even without its secret).
    var isConfigured: Bool {
        self.environment.first("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY") != nil
            || self.environment.first("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY") != nil
    }

    /// `environment(<access key ID>)`, or `environment(none)` when no key is set.
    public var identity: AWSCredentialsIdentity {
        AWSCredentialsIdentity(
            source: "environment", principal: self.environment.first("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY") ?? "none")
    }

    /// Reads the credentials from the environment.
    ///
    /// - Parameter logger: Where to log which variables were used.
    /// - Returns: The credentials.
    /// - Throws: ``AWSCredentialsError/Code/credentialsNotFound`` when neither the key ID nor the
    ///   secret is set; ``AWSCredentialsError/Code/invalidConfiguration`` when only one of them is,
    ///   or `AWS_CREDENTIAL_EXPIRATION` is not an ISO 8601 time.
    public func credentials(logger: Logger?) async throws -> AWSCredentials {
        try Task.checkCancellation()
        return try self.read(logger: logger)
    }

    func read(logger: Logger?) throws(AWSCredentialsError) -> AWSCredentials {
        let accessKeyID = self.environment.first("AWS_ACCESS_KEY_ID", "AWS_ACCESS_KEY")
        let secret = self.environment.first("AWS_SECRET_ACCESS_KEY", "AWS_SECRET_KEY")
        switch (accessKeyID, secret) {
        case (nil, nil):
            throw AWSCredentialsError(
                code: .credentialsNotFound, reason: "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        case (nil, _):
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil):
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (let accessKeyID?, let secret?):
            var credentials = AWSCredentials(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: self.environment["AWS_SESSION_TOKEN"])
            if let expiration = self.environment["AWS_CREDENTIAL_EXPIRATION"] {
                guard let date = ISO8601Timestamp.parse(expiration) else {
                    throw AWSCredentialsError(
                        code: .invalidConfiguration, reason: "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time")
                }
                credentials.expiration = date
            }
            logger?.debug(
                "using credentials from environment variables",
                metadata: ["aws.access_key_id": "\(credentials.redactedAccessKeyID)"])
            return credentials
        }
    }

    /// `EnvironmentCredentialsProvider(<environment without values>)`.
    public var description: String { "EnvironmentCredentialsProvider(\(self.environment))" }

    /// A mirror without variable values.
    public var customMirror: Mirror {
        Mirror(self, children: ["environment": self.environment], displayStyle: .struct)
    }
}
