#if AsyncHTTPClient
import AsyncHTTPClient
import AuthTransport
import NIOCore
import NIOHTTP1

extension HTTPTransportError {
    /// The transport error for a failure AsyncHTTPClient or SwiftNIO reported.
    ///
    /// The reason names the kind of failure, never the URL or a header: the query may hold a
    /// presigned signature and the headers a session token.
    init(asyncHTTPClientError error: any Error) {
        switch error {
        case let error as HTTPClientError:
            let (code, what) = Self.classify(error)
            self.init(code: code, reason: "AsyncHTTPClient: \(what)")
        case is NIOTooManyBytesError:
            self.init(code: .responseTooLarge, reason: "the response body grew past the limit")
        case let error as HTTPParserError where error == .invalidEOFState:
            self.init(code: .connectionFailed, reason: "the connection closed before the response was complete")
        case is HTTPParserError:
            self.init(code: .invalidResponse, reason: "the response is not valid HTTP/1.1")
        case let error as IOError:
            self.init(code: .connectionFailed, reason: "I/O error \(error.errnoCode)")
        default:
            // Connection errors (refused, DNS, TLS) arrive as NIO or NIOSSL errors of several types.
            self.init(code: .connectionFailed, reason: "AsyncHTTPClient failed with \(type(of: error))")
        }
    }

    private static func classify(_ error: HTTPClientError) -> (Code, String) {
        switch error {
        case .deadlineExceeded: return (.timedOut, "deadline exceeded")
        case .connectTimeout: return (.timedOut, "connect timeout")
        case .readTimeout: return (.timedOut, "read timeout")
        case .writeTimeout: return (.timedOut, "write timeout")
        case .tlsHandshakeTimeout: return (.timedOut, "TLS handshake timeout")
        case .getConnectionFromPoolTimeout: return (.timedOut, "timed out waiting for a pooled connection")
        case .cancelled: return (.cancelled, "cancelled")
        case .invalidURL: return (.invalidRequest, "invalid URL")
        case .emptyHost: return (.invalidRequest, "empty host")
        case .emptyScheme: return (.invalidRequest, "empty scheme")
        case .bodyLengthMismatch: return (.invalidRequest, "request body length mismatch")
        case .remoteConnectionClosed: return (.connectionFailed, "remote connection closed")
        case .alreadyShutdown: return (.connectionFailed, "the client is shut down")
        case .redirectLimitReached: return (.invalidResponse, "redirect limit reached")
        case .redirectCycleDetected: return (.invalidResponse, "redirect cycle detected")
        default: return (.connectionFailed, "request failed")
        }
    }
}
#endif
