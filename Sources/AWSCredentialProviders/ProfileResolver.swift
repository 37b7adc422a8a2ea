import AWSSigV4

/// How a profile's credentials are obtained, resolved from the shared files before anything is
/// fetched.
indirect enum ProfileCredentialPlan: Sendable, Equatable {
    /// `aws_access_key_id` and `aws_secret_access_key` (and `aws_session_token`).
    case staticCredentials(AWSCredentials, profile: String)
    /// `credential_source = Environment`.
    case environment(profile: String)
    /// `credential_source = Ec2InstanceMetadata`.
    case instanceMetadata(profile: String)
    /// `credential_source = EcsContainer`.
    case container(profile: String)
    /// `role_arn` with `web_identity_token_file`.
    case webIdentity(roleARN: String, tokenFile: String, sessionName: String?, profile: String)
    /// `role_arn` with a source: `source_profile` or `credential_source`.
    case assumeRole(AssumeRoleSettings, source: ProfileCredentialPlan)

    struct AssumeRoleSettings: Sendable, Equatable {
        var roleARN: String
        var sessionName: String?
        var externalID: String?
        var durationSeconds: Int?
        var profile: String
    }
}

/// Resolves `role_arn` / `source_profile` / `credential_source` / `web_identity_token_file`
/// chains as the AWS SDK for Go v2 does:
///
/// - A profile with `source_profile` takes its source credentials from that profile (whose
///   own credential settings are then resolved recursively) and assumes its `role_arn` with them.
/// - A source profile that has static keys provides those keys, even if it also has a
///   `role_arn`; so a profile may name itself as `source_profile` to assume its role with its
///   own keys.
/// - A profile that names itself as `source_profile` assumes its role with its own static keys.
///   Any other return to a profile already in the chain is a cycle and fails with
///   ``AWSCredentialsError/Code/profileCycle``, as the cross-SDK `assume-role-tests.json`
///   requires (Go v2 would end such a loop at a profile with static keys).
/// - `source_profile`, `credential_source`, `credential_process` and `web_identity_token_file`
///   exclude each other, and the first three of those that take a role require `role_arn`.
/// - `credential_process`, IAM Identity Center (`sso_session`, `sso_*`) and `mfa_serial` are not
///   supported and fail with ``AWSCredentialsError/Code/unsupportedCredentialSource``.
///
/// One deliberate difference: a `role_arn` with no source at all is an error
/// (``AWSCredentialsError/Code/invalidConfiguration``), as in botocore and the Java SDK; Go v2
/// would silently assume the role with container or instance credentials.
enum ProfileResolver {
    /// The plan for a profile, or `nil` when the profile has no credential settings at all.
    ///
    /// - Throws: ``AWSCredentialsError/Code/profileNotFound`` when the profile (or a source
    ///   profile) does not exist, and the codes above for invalid chains.
    static func plan(for name: String, in configuration: AWSSharedConfiguration) throws(AWSCredentialsError) -> ProfileCredentialPlan? {
        var visited: [String] = []
        return try self.resolve(name, in: configuration, visited: &visited, referencedBy: nil)
    }

    private static func resolve(
        _ name: String,
        in configuration: AWSSharedConfiguration,
        visited: inout [String],
        referencedBy: String?
    ) throws(AWSCredentialsError) -> ProfileCredentialPlan? {
        guard let profile = configuration.profile(named: name) else {
            throw AWSCredentialsError(
                code: .profileNotFound,
                reason: referencedBy.map { "profile \($0) names source_profile \(name), which does not exist" }
                    ?? "profile \(name) is in neither the config nor the credentials file")
        }
        if !profile.problems.isEmpty {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: profile.problems.joined(separator: "; "))
        }
        let staticCredentials = profile["aws_access_key_id"].flatMap { id in
            profile["aws_secret_access_key"].map { secret in
                AWSCredentials(accessKeyID: id, secretAccessKey: secret, sessionToken: profile["aws_session_token"])
            }
        }
        if visited.contains(name) {
            // Only a profile naming itself may be revisited, to assume its role with its own keys.
            if referencedBy == name, let staticCredentials { return .staticCredentials(staticCredentials, profile: name) }
            throw AWSCredentialsError(
                code: .profileCycle,
                reason: "source_profile chain \((visited + [name]).joined(separator: " -> ")) returns to profile \(name)"
                    + (referencedBy == name ? ", which has no static keys to assume its own role with" : ""))
        }
        let roleARN = profile["role_arn"]
        let sourceProfile = profile["source_profile"]
        let credentialSource = profile["credential_source"]
        let tokenFile = profile["web_identity_token_file"]
        let process = profile["credential_process"]

        for (key, value) in [("source_profile", sourceProfile), ("credential_source", credentialSource), ("web_identity_token_file", tokenFile)]
        where value != nil && roleARN == nil {
            throw AWSCredentialsError(code: .invalidConfiguration, reason: "profile \(name) sets \(key) but not role_arn")
        }
        if referencedBy != nil, let staticCredentials {
            return .staticCredentials(staticCredentials, profile: name)
        }
        visited.append(name)

        let kinds = [sourceProfile, credentialSource, process, tokenFile].compactMap { $0 }
        guard kinds.count <= 1 else {
            throw AWSCredentialsError(
                code: .invalidConfiguration,
                reason: "profile \(name) sets more than one of source_profile, credential_source, credential_process "
                    + "and web_identity_token_file")
        }

        let base: ProfileCredentialPlan
        if let sourceProfile {
            guard let source = try self.resolve(sourceProfile, in: configuration, visited: &visited, referencedBy: name) else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "profile \(name) names source_profile \(sourceProfile), which has no credentials")
            }
            base = source
        } else if let staticCredentials {
            base = .staticCredentials(staticCredentials, profile: name)
        } else if let credentialSource {
            switch credentialSource {
            case "Environment": base = .environment(profile: name)
            case "Ec2InstanceMetadata": base = .instanceMetadata(profile: name)
            case "EcsContainer": base = .container(profile: name)
            default:
                throw AWSCredentialsError(
                    code: .invalidConfiguration,
                    reason: "profile \(name) has credential_source \(credentialSource); expected Environment, "
                        + "Ec2InstanceMetadata or EcsContainer")
            }
        } else if let tokenFile, let roleARN {
            return .webIdentity(roleARN: roleARN, tokenFile: tokenFile, sessionName: profile["role_session_name"], profile: name)
        } else if profile["sso_session"] != nil || profile["sso_start_url"] != nil || profile["sso_account_id"] != nil
            || profile["sso_role_name"] != nil || profile["sso_region"] != nil
        {
            throw AWSCredentialsError(
                code: .unsupportedCredentialSource,
                reason: "profile \(name) uses IAM Identity Center (sso_*), which this package does not support")
        } else if process != nil {
            throw AWSCredentialsError(
                code: .unsupportedCredentialSource,
                reason: "profile \(name) uses credential_process, which this package does not support")
        } else if profile["login_session"] != nil {
            throw AWSCredentialsError(
                code: .unsupportedCredentialSource, reason: "profile \(name) uses login_session, which this package does not support")
        } else {
            if roleARN != nil {
                throw AWSCredentialsError(
                    code: .invalidConfiguration,
                    reason: "profile \(name) sets role_arn but none of source_profile, credential_source and web_identity_token_file")
            }
            return nil
        }

        guard let roleARN else { return base }
        if profile["mfa_serial"] != nil {
            throw AWSCredentialsError(
                code: .unsupportedCredentialSource,
                reason: "profile \(name) sets mfa_serial; assuming a role with an MFA code is not supported")
        }
        var duration: Int?
        if let text = profile["duration_seconds"] {
            guard let seconds = Int(text) else {
                throw AWSCredentialsError(
                    code: .invalidConfiguration, reason: "profile \(name) has duration_seconds \"\(text.prefix(32))\", not a number")
            }
            duration = seconds
        }
        let settings = ProfileCredentialPlan.AssumeRoleSettings(
            roleARN: roleARN, sessionName: profile["role_session_name"], externalID: profile["external_id"],
            durationSeconds: duration, profile: name)
        return .assumeRole(settings, source: base)
    }
}
