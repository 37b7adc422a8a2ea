import AWSCredentialProviders
import ArgumentParser
import ECRAuth
import ECRFleetAuth
import FleetAuth

/// The tool's documented exit codes.
enum ToolExit {
    /// Success.
    static let ok: Int32 = 0
    /// Audit findings, or a credential decision of "no".
    static let findings: Int32 = 1
    /// Bad usage or bad input (unknown flag, unreadable file, malformed request).
    static let usage: Int32 = 2
    /// AWS failed or refused (credentials, signatures, ECR errors).
    static let aws: Int32 = 3
    /// Kubernetes failed or refused.
    static let kubernetes: Int32 = 4

    static let helpText = """
        EXIT CODES:
          0  success
          1  audit findings, or the decision is "no credentials"
          2  usage or input error (unknown flag, unreadable file, bad YAML, bad regex)
          3  AWS error (missing or rejected credentials, ECR or STS failure, expired token)
          4  Kubernetes error (configuration, API server refusal, conflicts that did not resolve)

        Every error is one line on standard error, starting with "ecr-fleet-auth: ".
        """
}

/// An error the tool reports as one line on standard error with a chosen exit code.
struct ToolError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { self.message }

    static func usage(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.usage) }
    static func aws(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.aws) }
    static func kubernetes(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.kubernetes) }
    static func findings(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.findings) }

    /// The tool's error for an error of the library: its reason without the source location,
    /// and the exit code of the system that failed. Library errors never hold a secret.
    static func from(_ error: any Error) -> ToolError? {
        switch error {
        case let error as ToolError:
            return error
        case let error as ECRAuthError:
            var details: [String] = []
            if let status = error.httpStatus { details.append("HTTP \(status)") }
            if let code = error.awsErrorCode { details.append("AWS error \(code)") }
            if let requestID = error.requestID { details.append("request ID \(requestID)") }
            var text = "ECR: \(error.reason.isEmpty ? error.code.description : error.reason)"
            if let underlying = error.underlying, let inner = Self.from(underlying) {
                text += " (\(inner.message))"
            }
            if !details.isEmpty { text += " [\(details.joined(separator: ", "))]" }
            return ToolError(message: text, exitCode: error.code == .invalidConfiguration ? ToolExit.usage : ToolExit.aws)
        case let error as AWSCredentialsError:
            var text = "AWS credentials: \(error.reason.isEmpty ? error.code.description : error.reason)"
            if let code = error.awsErrorCode { text += " [AWS error \(code)]" }
            return ToolError(message: text, exitCode: ToolExit.aws)
        case let error as KubernetesError:
            var text = "Kubernetes: \(error.reason.isEmpty ? error.code.description : error.reason)"
            var details: [String] = []
            if let status = error.httpStatus { details.append("HTTP \(status)") }
            if let apiReason = error.apiReason { details.append(apiReason + (error.apiMessage.map { ": \($0)" } ?? "")) }
            if !details.isEmpty { text += " [\(details.joined(separator: ", "))]" }
            return ToolError(message: text, exitCode: ToolExit.kubernetes)
        case let error as FleetAuthError:
            let line = error.line.flatMap { error.reason.contains("line \($0)") ? nil : " (line \($0))" } ?? ""
            return ToolError(message: "\(error.reason.isEmpty ? error.code.description : error.reason)\(line)", exitCode: ToolExit.usage)
        default:
            return nil
        }
    }
}

extension String {
    /// The text on one line: line breaks and tabs become spaces.
    var singleLine: String {
        String(String.UnicodeScalarView(self.unicodeScalars.map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 }))
    }
}
