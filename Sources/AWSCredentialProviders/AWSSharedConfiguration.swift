/// A profile of the shared config and credentials files, merged from both.
///
/// Keys are lowercase (`role_arn`, `aws_secret_access_key`). The profile prints its name and
/// keys but never its values, which may be secrets.
public struct AWSProfile: Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// The profile name, without `profile ` (`default`, `ci`).
    public var name: String
    /// The properties, by lowercase key.
    public var properties: [String: String]
    /// Indented sub-properties (`s3 =` followed by `  addressing_style = path`), by property key.
    public var subProperties: [String: [String: String]]
    /// Problems found while merging, reported when the profile is used (an access key ID
    /// without its secret).
    var problems: [String] = []

    /// Creates a profile.
    ///
    /// - Parameters:
    ///   - name: The profile name.
    ///   - properties: The properties, by lowercase key.
    ///   - subProperties: The sub-properties, by property key.
    public init(name: String, properties: [String: String] = [:], subProperties: [String: [String: String]] = [:]) {
        self.name = name
        self.properties = properties
        self.subProperties = subProperties
    }

    /// The value of a property, or `nil` when it is absent or empty.
    ///
    /// - Parameter key: The key, in lowercase.
    public subscript(_ key: String) -> String? {
        guard let value = self.properties[key], !value.isEmpty else { return nil }
        return value
    }

    /// The profile's `region`, if set.
    public var region: String? { self["region"] }

    /// `AWSProfile(name, keys: [...])`, without values.
    public var description: String {
        "AWSProfile(\(self.name), keys: \(self.properties.keys.sorted()))"
    }

    /// A mirror with the keys only, so `dump()` does not reveal secret values.
    public var customMirror: Mirror {
        Mirror(self, children: ["name": self.name, "keys": self.properties.keys.sorted()], displayStyle: .struct)
    }
}

/// The shared AWS config (`~/.aws/config`) and credentials (`~/.aws/credentials`) files, parsed
/// and merged into profiles as the AWS SDK for Go v2 does.
///
/// - In the config file, `[profile name]` is profile `name` and `[default]` is `default`
///   (`[profile default]` wins over `[default]`); other unprefixed sections are ignored.
/// - In the credentials file, `[name]` is profile `name`; `[profile name]` is ignored.
/// - A profile in both files is merged; the credentials file wins, and its access key ID,
///   secret and session token replace the config file's together.
///
/// The files are `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and
/// `~/.aws/credentials`. A missing file counts as empty.
///
/// ```swift
/// let files = try AWSSharedConfiguration.load(from: .process())
/// let region = files.profile(named: "ci")?.region
/// ```
public struct AWSSharedConfiguration: Sendable, CustomStringConvertible {
    /// The profiles, by name.
    public var profiles: [String: AWSProfile]
    /// The config file that was read (or would have been, when it was missing).
    public var configFilePath: String?
    /// The credentials file that was read (or would have been, when it was missing).
    public var credentialsFilePath: String?

    /// The largest config or credentials file accepted: 1 MiB.
    public static let maximumFileSize = 1 << 20

    /// Parses file contents.
    ///
    /// - Parameters:
    ///   - configFile: The text of the config file, or `nil` when there is none.
    ///   - credentialsFile: The text of the credentials file, or `nil` when there is none.
    public init(configFile: String?, credentialsFile: String?) {
        var profiles: [String: AWSProfile] = [:]
        if let configFile {
            let sections = SharedConfigINIParser.parse(configFile)
            // Sorted, as the Go SDK processes them: `default` (any case) comes before
            // `profile default`, which therefore replaces it.
            for name in sections.keys.sorted() {
                guard let section = sections[name] else { continue }
                if name.hasPrefix("profile ") {
                    let profileName = String(name.dropFirst("profile ".count))
                    profiles[profileName] = AWSProfile(
                        name: profileName, properties: section.properties, subProperties: section.subProperties)
                } else if name.lowercased() == "default" {
                    profiles[name] = AWSProfile(name: name, properties: section.properties, subProperties: section.subProperties)
                }
                // Other sections (`sso-session x`, `services x`, unprefixed names) are not profiles.
            }
        }
        if let credentialsFile {
            let sections = SharedConfigINIParser.parse(credentialsFile)
            for (name, section) in sections where !name.hasPrefix("profile ") {
                var source = AWSProfile(name: name, properties: section.properties, subProperties: section.subProperties)
                if (source["aws_access_key_id"] == nil) != (source["aws_secret_access_key"] == nil) {
                    source.problems.append("profile \(name) in the credentials file has only one of aws_access_key_id and aws_secret_access_key")
                }
                guard var destination = profiles[name] else {
                    profiles[name] = source
                    continue
                }
                destination.problems = source.problems
                if source["aws_access_key_id"] != nil, source["aws_secret_access_key"] != nil {
                    for key in ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"] {
                        if let value = source.properties[key] { destination.properties[key] = value }
                    }
                }
                for key in Self.mergedKeys {
                    if let value = source.properties[key] { destination.properties[key] = value }
                }
                profiles[name] = destination
            }
        }
        for name in Array(profiles.keys) {
            guard var profile = profiles[name], profile.problems.isEmpty else { continue }
            if (profile["aws_access_key_id"] == nil) != (profile["aws_secret_access_key"] == nil) {
                profile.problems.append("profile \(name) has only one of aws_access_key_id and aws_secret_access_key")
                profiles[name] = profile
            }
        }
        self.profiles = profiles
    }

    /// The keys a credentials-file profile overrides in a config-file profile of the same name
    /// (besides the access key, which is replaced as a group).
    private static let mergedKeys = [
        "role_arn", "source_profile", "credential_source", "external_id", "mfa_serial", "role_session_name",
        "region", "endpoint_discovery_enabled", "credential_process", "web_identity_token_file", "s3_use_arn_region",
        "s3_disable_multiregion_access_points", "ec2_metadata_service_endpoint_mode", "ec2_metadata_service_endpoint",
        "ec2_metadata_v1_disabled", "use_dualstack_endpoint", "use_fips_endpoint", "defaults_mode", "retry_mode",
        "ca_bundle", "duration_seconds", "max_attempts", "sso_session", "sso_account_id", "sso_region",
        "sso_role_name", "sso_start_url", "auth_scheme_preference",
    ]

    /// Reads and parses the config and credentials files named by the environment.
    ///
    /// - Parameter environment: Where to read `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    ///   the home directory and the files.
    /// - Returns: The merged profiles.
    /// - Throws: ``AWSCredentialsError/Code/fileUnreadable`` when a file exists but cannot be read
    ///   or is larger than ``maximumFileSize``.
    public static func load(from environment: AWSEnvironment) throws(AWSCredentialsError) -> AWSSharedConfiguration {
        let configPath = environment["AWS_CONFIG_FILE"] ?? environment.homeDirectory.map { _ in "~/.aws/config" }
        let credentialsPath =
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? environment.homeDirectory.map { _ in "~/.aws/credentials" }
        func read(_ path: String?) throws(AWSCredentialsError) -> String? {
            guard let path else { return nil }
            do {
                return try environment.readFile(path, limit: Self.maximumFileSize).map { String(decoding: $0, as: UTF8.self) }
            } catch let error as AWSCredentialsError {
                throw error
            } catch {
                throw AWSCredentialsError(code: .fileUnreadable, reason: "cannot read \(path)", underlying: error)
            }
        }
        var configuration = AWSSharedConfiguration(configFile: try read(configPath), credentialsFile: try read(credentialsPath))
        configuration.configFilePath = configPath.map(environment.expandingHome)
        configuration.credentialsFilePath = credentialsPath.map(environment.expandingHome)
        return configuration
    }

    /// The profile with the given name, or `nil`.
    ///
    /// - Parameter name: The profile name, without `profile `.
    public func profile(named name: String) -> AWSProfile? {
        self.profiles[name]
    }

    /// The profile to use: `AWS_PROFILE`, else `AWS_DEFAULT_PROFILE`, else `default`.
    ///
    /// - Parameter environment: Where to read the variables.
    /// - Returns: The profile name.
    public static func selectedProfileName(in environment: AWSEnvironment) -> String {
        environment.first("AWS_PROFILE", "AWS_DEFAULT_PROFILE") ?? "default"
    }

    /// The files and profile names, without any values.
    public var description: String {
        "AWSSharedConfiguration(config: \(self.configFilePath ?? "none"), credentials: \(self.credentialsFilePath ?? "none"), "
            + "profiles: \(self.profiles.keys.sorted()))"
    }
}
