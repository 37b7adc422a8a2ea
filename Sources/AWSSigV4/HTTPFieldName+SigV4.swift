public import HTTPTypes

extension HTTPField.Name {
    // The literals below are valid field names, so the initializer cannot fail.

    /// `X-Amz-Date`: the signing time of a header-signed request.
    public static let xAmzDate = HTTPField.Name("X-Amz-Date")!
    /// `X-Amz-Security-Token`: the session token of temporary credentials.
    public static let xAmzSecurityToken = HTTPField.Name("X-Amz-Security-Token")!
    /// `x-amz-content-sha256`: the payload hash (S3).
    public static let xAmzContentSHA256 = HTTPField.Name("x-amz-content-sha256")!
    /// `X-Amz-Target`: the operation of an AWS JSON-protocol request.
    public static let xAmzTarget = HTTPField.Name("X-Amz-Target")!
    /// `X-Amzn-Trace-Id`: the X-Ray trace header, which the AWS SDKs do not sign.
    public static let xAmznTraceID = HTTPField.Name("X-Amzn-Trace-Id")!
    /// `Host`, which HTTPTypes leaves undefined in favour of `:authority`; a request may still carry it.
    static let hostHeader = HTTPField.Name("Host")!
}
