import AuthTransport
import Dispatch
import HTTPTypes
import HTTPTypesFoundation

import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One request and its response: collects the body against the cap, enforces the timeout and
/// resumes the caller exactly once, with the response or with the first failure.
///
/// Events come from three places: the session's delegate queue (response, data, completion),
/// the timer, and the caller's task (cancellation). Whichever finishes the exchange first wins;
/// later events are ignored. The caller is resumed as soon as the outcome is known, without
/// waiting for `URLSession` to report the cancelled task complete: FoundationNetworking on Linux
/// can take seconds to stop a task whose server keeps sending.
final class URLSessionExchange: @unchecked Sendable {
    // @unchecked: every stored `var` is only touched with `lock` held.
    typealias Outcome = Result<(HTTPResponse, [UInt8]), any Error>

    private let lock = NSLock()
    private let maximumBodySize: Int
    private let expectsBody: Bool

    private var continuation: CheckedContinuation<Void, Never>?
    private var task: URLSessionDataTask?
    private var timer: DispatchWorkItem?
    private var response: HTTPURLResponse?
    private var body: [UInt8] = []
    /// Set once, by the first event that decides the outcome.
    private var outcome: Outcome?

    /// - Parameters:
    ///   - maximumBodySize: The cap on the response body; negative counts as zero.
    ///   - expectsBody: `false` for `HEAD`, whose `Content-Length` describes a body never sent.
    init(maximumBodySize: Int, expectsBody: Bool) {
        self.maximumBodySize = max(0, maximumBodySize)
        self.expectsBody = expectsBody
    }

    // MARK: Events from the caller

    func start(
        _ request: URLRequest,
        in owner: URLSessionOwner,
        timeout: ExchangeTimeout,
        continuation: CheckedContinuation<Void, Never>
    ) {
        let task = owner.session.dataTask(with: request)
        owner.router.register(self, for: task)
        let timer = DispatchWorkItem { [weak self] in
            self?.finish(.failure(HTTPTransportError(code: .timedOut, reason: "no complete response within the timeout")))
        }

        self.lock.lock()
        if self.outcome != nil {
            // Cancelled before the task existed: never start it.
            self.lock.unlock()
            owner.router.remove(task)
            task.cancel()
            continuation.resume()
            return
        }
        self.continuation = continuation
        self.task = task
        self.timer = timer
        self.lock.unlock()

        DispatchQueue.global().asyncAfter(deadline: timeout.deadline(), execute: timer)
        task.resume()
    }

    func cancel() {
        self.finish(.failure(CancellationError()))
    }

    // MARK: Events from the session

    func didReceive(_ response: URLResponse) {
        guard let response = response as? HTTPURLResponse else {
            self.finish(.failure(HTTPTransportError(code: .invalidResponse, reason: "the response is not HTTP")))
            return
        }
        guard (100...999).contains(response.statusCode) else {
            self.finish(
                .failure(
                    HTTPTransportError(
                        code: .invalidResponse,
                        reason: "the response status \(response.statusCode) is not a three-digit code"
                    )
                )
            )
            return
        }
        guard Self.hasValidContentLength(response) else {
            self.finish(
                .failure(
                    HTTPTransportError(
                        code: .invalidResponse,
                        reason: "the response has an invalid or conflicting Content-Length"
                    )
                )
            )
            return
        }
        let declaredLength = self.declaredBodyLength(of: response)
        if let declaredLength, declaredLength > Int64(self.maximumBodySize) {
            self.finish(.failure(self.tooLarge(declared: declaredLength)))
            return
        }
        self.lock.lock()
        if self.outcome == nil {
            self.response = response
            self.body.removeAll(keepingCapacity: true)
            if let declaredLength, declaredLength > 0 {
                self.body.reserveCapacity(Int(declaredLength))
            }
        }
        self.lock.unlock()
    }

    func didReceive(_ data: Data) {
        self.lock.lock()
        guard self.outcome == nil else {
            self.lock.unlock()
            return
        }
        guard data.count <= self.maximumBodySize - self.body.count else {
            self.lock.unlock()
            self.finish(.failure(self.tooLarge(declared: nil)))
            return
        }
        self.body.append(contentsOf: data)
        self.lock.unlock()
    }

    func didComplete(error: (any Error)?, taskResponse: URLResponse?) {
        if let error {
            self.finish(.failure(HTTPTransportError(urlSessionError: error)))
            return
        }
        self.lock.lock()
        let response = self.response ?? (taskResponse as? HTTPURLResponse)
        self.lock.unlock()
        self.finishWithResponse(response)
    }

    /// Completes the exchange with the response and body received so far, if a response head has
    /// arrived. Used when FoundationNetworking raises a challenge after the whole response.
    ///
    /// - Returns: Whether a response head had arrived (and the exchange is now complete).
    func completeWithReceivedResponse() -> Bool {
        self.lock.lock()
        let response = self.response
        self.lock.unlock()
        guard let response else { return false }
        self.finishWithResponse(response)
        return true
    }

    // MARK: Finishing

    private func finishWithResponse(_ response: HTTPURLResponse?) {
        guard let response, (100...999).contains(response.statusCode), let head = response.httpResponse else {
            self.finish(.failure(HTTPTransportError(code: .invalidResponse, reason: "URLSession returned no HTTP response")))
            return
        }
        self.lock.lock()
        let body = self.body
        self.lock.unlock()
        self.finish(.success((head, body)))
    }

    /// Records the outcome if none was recorded yet, resumes the caller, stops the timer, and
    /// cancels the task unless it completed on its own.
    private func finish(_ outcome: Outcome) {
        self.lock.lock()
        guard self.outcome == nil else {
            self.lock.unlock()
            return
        }
        self.outcome = outcome
        let continuation = self.continuation
        let task = self.task
        let timer = self.timer
        self.continuation = nil
        self.task = nil
        self.timer = nil
        self.body = []
        self.lock.unlock()

        timer?.cancel()
        if case .failure = outcome {
            task?.cancel()
        }
        continuation?.resume()
    }

    /// The outcome, once the continuation was resumed. Read under the lock, so the values made on
    /// the delegate queue are published to the caller's thread through it.
    func takeOutcome() -> Outcome {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.outcome ?? .failure(HTTPTransportError(code: .invalidResponse, reason: "the exchange ended without an outcome"))
    }

    /// The body length `response` announces, when the bytes on the wire are the body's bytes.
    private func declaredBodyLength(of response: HTTPURLResponse) -> Int64? {
        guard self.expectsBody, response.statusCode >= 200, response.statusCode != 204, response.statusCode != 304,
            response.expectedContentLength >= 0
        else {
            return nil
        }
        // With a content coding, Content-Length counts the encoded bytes, not the body's.
        if let coding = response.value(forHTTPHeaderField: "Content-Encoding"),
            coding.lowercased() != "identity"
        {
            return nil
        }
        return response.expectedContentLength
    }

    /// Whether the response's `Content-Length`, if any, is one non-negative decimal number.
    /// Foundation combines repeated fields into one comma-separated value; repeats of the same
    /// number are allowed (RFC 9110, section 8.6), different numbers are not.
    private static func hasValidContentLength(_ response: HTTPURLResponse) -> Bool {
        guard let value = response.value(forHTTPHeaderField: "Content-Length") else { return true }
        let lengths = value.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let first = lengths.first, !first.isEmpty, first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return false
        }
        return lengths.allSatisfy { $0 == first }
    }

    private func tooLarge(declared: Int64?) -> HTTPTransportError {
        if let declared {
            return HTTPTransportError(
                code: .responseTooLarge,
                reason: "the response declares \(declared) body bytes; the limit is \(self.maximumBodySize)"
            )
        }
        return HTTPTransportError(
            code: .responseTooLarge,
            reason: "the response body grew past the limit of \(self.maximumBodySize) bytes"
        )
    }
}
