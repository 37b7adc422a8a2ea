import AuthTransport

import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension HTTPTransportError {
    /// The transport error for a failure `URLSession` reported for a task.
    ///
    /// The reason names the `URLError` code, never the URL: its query may hold a presigned
    /// signature or a session token.
    init(urlSessionError error: any Error) {
        guard let urlError = error as? URLError else {
            let nsError = error as NSError
            self.init(
                code: .connectionFailed,
                reason: "URLSession failed with \(nsError.domain) error \(nsError.code)"
            )
            return
        }
        let code: Code
        switch urlError.code {
        case .cancelled:
            code = .cancelled
        case .timedOut:
            code = .timedOut
        case .badURL:
            code = .invalidRequest
        case .unsupportedURL:
            // The transport sends only URLs it has checked, so this is libcurl refusing a
            // response that is not HTTP/1.x (an HTTP/0.9 reply or a malformed status line).
            code = .invalidResponse
        case .badServerResponse, .cannotParseResponse, .cannotDecodeRawData, .cannotDecodeContentData,
            .zeroByteResource, .httpTooManyRedirects, .redirectToNonExistentLocation:
            code = .invalidResponse
        case .dataLengthExceedsMaximum:
            code = .responseTooLarge
        default:
            // cannotConnectToHost, cannotFindHost, dnsLookupFailed, networkConnectionLost,
            // notConnectedToInternet, secureConnectionFailed, server and client certificate
            // failures, and whatever else keeps a complete response from arriving.
            code = .connectionFailed
        }
        self.init(code: code, reason: "URLSession failed with URLError code \(urlError.code.rawValue)")
    }
}
