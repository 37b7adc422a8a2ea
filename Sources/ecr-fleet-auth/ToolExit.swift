import ArgumentParser

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
          2  usage or input error (unknown flag, unreadable file, malformed input)
          3  AWS error (missing or rejected credentials, ECR or STS failure)
          4  Kubernetes error
        """
}

/// An error the tool reports as one line on standard error with a chosen exit code.
struct ToolError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32

    var description: String { self.message }

    static func usage(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.usage) }
    static func aws(_ message: String) -> ToolError { ToolError(message: message, exitCode: ToolExit.aws) }
}
