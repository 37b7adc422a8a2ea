#if AsyncHTTPClient
extension AsyncHTTPClientTransport {
    /// The limits of an ``AsyncHTTPClientTransport``.
    ///
    /// Everything else (TLS, proxies, connection pool, redirects, HTTP/2) is the configuration of
    /// the `HTTPClient` you pass to the transport.
    public struct Configuration: Sendable {
        /// The most time one call to ``AsyncHTTPClientTransport/send(_:body:)`` may take, from
        /// sending the request to receiving the last byte of the response body.
        ///
        /// When it passes, the request is cancelled and the call throws
        /// `HTTPTransportError.Code.timedOut` (or
        /// `HTTPTransportError.Code.connectionFailed` when the request was still
        /// waiting for a connection that kept failing: AsyncHTTPClient retries connection
        /// attempts until the deadline unless the client is configured not to). Time spent
        /// waiting for a free connection in the client's pool counts. Zero or a negative duration
        /// times out at once; durations above 365 days count as 365 days. The client's own
        /// connect and read timeouts still apply within it.
        public var timeout: Duration

        /// The largest response body, in bytes, the transport accepts.
        ///
        /// A response whose `Content-Length` is larger is abandoned as soon as its head arrives; a
        /// body without a length is abandoned as soon as it grows past the limit. Either way the
        /// call throws `HTTPTransportError.Code.responseTooLarge` and at most
        /// this many bytes (plus one network read) are held in memory. A negative value counts
        /// as zero.
        public var maximumResponseBodySize: Int

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - timeout: The most time one call may take; 30 seconds unless given.
        ///   - maximumResponseBodySize: The largest response body accepted, in bytes; 10 MiB
        ///     unless given.
        public init(timeout: Duration = .seconds(30), maximumResponseBodySize: Int = 10 * 1024 * 1024) {
            self.timeout = timeout
            self.maximumResponseBodySize = maximumResponseBodySize
        }
    }
}
#endif
