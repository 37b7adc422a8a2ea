#if canImport(FoundationNetworking)
public import FoundationNetworking
#else
public import Foundation
#endif

extension URLSessionHTTPTransport {
    /// The limits and the session of a ``URLSessionHTTPTransport``.
    ///
    /// ```swift
    /// let transport = URLSessionHTTPTransport(configuration: .init(
    ///     timeout: .seconds(5),
    ///     maximumResponseBodySize: 256 * 1024,
    ///     session: .configuration(myProxyConfiguration)
    /// ))
    /// ```
    public struct Configuration: Sendable {
        /// The most time one call to ``URLSessionHTTPTransport/send(_:body:)`` may take, from
        /// sending the request to receiving the last byte of the response body.
        ///
        /// When it passes, the request is cancelled and the call throws
        /// `HTTPTransportError.Code.timedOut`. Zero or a negative duration times
        /// out at once; durations above 365 days count as 365 days.
        public var timeout: Duration

        /// The largest response body, in bytes, the transport accepts.
        ///
        /// A response whose `Content-Length` is larger is abandoned as soon as its head arrives; a
        /// body without a length is abandoned as soon as it grows past the limit. Either way the
        /// call throws `HTTPTransportError.Code.responseTooLarge` and at most
        /// this many bytes (plus one network read) are held in memory. A negative value counts
        /// as zero. The size counted is the size after Foundation's automatic decompression.
        public var maximumResponseBodySize: Int

        /// The configuration of the `URLSession` the transport creates and owns.
        public var session: Session

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - timeout: The most time one call may take; 30 seconds unless given.
        ///   - maximumResponseBodySize: The largest response body accepted, in bytes; 10 MiB
        ///     unless given.
        ///   - session: The session the transport creates; ``Session/ephemeral`` unless given.
        public init(
            timeout: Duration = .seconds(30),
            maximumResponseBodySize: Int = 10 * 1024 * 1024,
            session: Session = .ephemeral
        ) {
            self.timeout = timeout
            self.maximumResponseBodySize = maximumResponseBodySize
            self.session = session
        }
    }

    /// The `URLSession` a ``URLSessionHTTPTransport`` creates for itself.
    ///
    /// The transport always owns its session, because it must be the session's delegate to
    /// stream bodies against the size cap and to keep redirects and authentication challenges
    /// from turning responses into errors or hangs. What you choose is the session's
    /// configuration: proxies, TLS versions, additional headers, connection limits, HTTP/2 and so
    /// on.
    ///
    /// Whatever the configuration says, the transport's copy never caches responses, never
    /// stores or sends cookies and never uses stored credentials: its responses carry
    /// credentials and tokens.
    public struct Session: @unchecked Sendable {
        // @unchecked: the configuration is copied on the way in and on the way out and never
        // mutated in between, so no two threads ever share a mutable URLSessionConfiguration.
        private let template: URLSessionConfiguration

        private init(template: URLSessionConfiguration) {
            self.template = template
        }

        /// An ephemeral session: no persistent storage of any kind. The default.
        public static var ephemeral: Session {
            Session(template: .ephemeral)
        }

        /// A session made from a copy of `configuration`.
        ///
        /// - Parameter configuration: The configuration to copy. Later changes to it do not
        ///   affect transports created from this value.
        /// - Returns: A session description holding a copy of `configuration`.
        public static func configuration(_ configuration: URLSessionConfiguration) -> Session {
            Session(template: configuration.independentCopy())
        }

        /// A fresh copy of the configuration with caching, cookies and credential storage off.
        func makeSessionConfiguration() -> URLSessionConfiguration {
            let configuration = self.template.independentCopy()
            configuration.urlCache = nil
            configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
            configuration.httpCookieStorage = nil
            configuration.httpShouldSetCookies = false
            configuration.httpCookieAcceptPolicy = .never
            configuration.urlCredentialStorage = nil
            return configuration
        }
    }
}

extension URLSessionConfiguration {
    fileprivate func independentCopy() -> URLSessionConfiguration {
        (self.copy() as? URLSessionConfiguration) ?? self
    }
}
