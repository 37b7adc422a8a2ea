#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Checks of the STS request parameters the providers send, done locally so a bad value fails
/// with a clear message before anything goes on the wire.
enum STSParameters {
    /// The session name used when none is configured: `swift-ecr-fleet-auth-<milliseconds since 1970>`,
    /// as the AWS SDKs generate `aws-go-sdk-<nanoseconds>` or `botocore-session-<seconds>`.
    static func defaultSessionName(now: Date) -> String {
        let milliseconds = now.timeIntervalSince1970.isFinite ? Int64(max(0, now.timeIntervalSince1970) * 1000) : 0
        return "swift-ecr-fleet-auth-\(milliseconds)"
    }

    /// `RoleSessionName`: 2–64 characters of `[A-Za-z0-9_+=,.@-]`.
    static func validateSessionName(_ name: String) throws(AWSCredentialsError) {
        let bytes = name.utf8
        guard (2...64).contains(bytes.count), bytes.allSatisfy(Self.isSessionNameByte) else {
            throw AWSCredentialsError(
                code: .invalidConfiguration,
                reason: "the role session name must be 2 to 64 characters of letters, digits and _+=,.@- "
                    + "(got \(bytes.count) characters)")
        }
    }

    /// `RoleArn`: 20–2048 characters starting with `arn:`.
    static func validateRoleARN(_ arn: String) throws(AWSCredentialsError) {
        guard arn.hasPrefix("arn:"), (20...2048).contains(arn.utf8.count),
            !arn.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F })
        else {
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "\"\(arn.prefix(80))\" is not an IAM role ARN")
        }
    }

    /// `DurationSeconds`: 900–43200.
    static func validateDuration(_ seconds: Int?) throws(AWSCredentialsError) {
        guard let seconds else { return }
        guard (900...43_200).contains(seconds) else {
            throw AWSCredentialsError(
                code: .invalidConfiguration, reason: "the session duration must be 900 to 43200 seconds, not \(seconds)")
        }
    }

    /// `ExternalId`: 2–1224 characters of `[A-Za-z0-9_+=,.@:/-]`. Its value is never echoed.
    static func validateExternalID(_ id: String?) throws(AWSCredentialsError) {
        guard let id else { return }
        let valid = (2...1224).contains(id.utf8.count)
            && id.utf8.allSatisfy { Self.isSessionNameByte($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }
        guard valid else {
            throw AWSCredentialsError(
                code: .invalidConfiguration,
                reason: "the external ID must be 2 to 1224 characters of letters, digits and _+=,.@:/-")
        }
    }

    private static func isSessionNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "=")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "@")
            || byte == UInt8(ascii: "-")
    }
}
