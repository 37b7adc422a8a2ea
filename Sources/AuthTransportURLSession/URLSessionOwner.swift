import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The `URLSession` a transport created, with the delegate that routes its events to the
/// exchanges in flight. Invalidated when the last transport holding it goes away.
final class URLSessionOwner: Sendable {
    let session: URLSession
    let router: URLSessionEventRouter

    init(configuration: URLSessionConfiguration) {
        let router = URLSessionEventRouter()
        let delegateQueue = OperationQueue()
        delegateQueue.name = "AuthTransportURLSession.delegate"
        delegateQueue.maxConcurrentOperationCount = 1
        self.router = router
        self.session = URLSession(configuration: configuration, delegate: router, delegateQueue: delegateQueue)
    }

    deinit {
        // Nothing can be in flight: every call to `send` holds the owner until it returns. Any
        // task still running was abandoned (timed out, cancelled or over the cap).
        self.session.invalidateAndCancel()
    }
}

/// The session delegate: hands each task's events to the exchange that started the task.
///
/// A session-level delegate is the only kind FoundationNetworking on Linux calls for tasks
/// created with `dataTask(with:)`, so one router serves every exchange of a session. Events of
/// one session arrive one at a time on its serial delegate queue.
final class URLSessionEventRouter: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    // @unchecked: `exchanges` is only touched with `lock` held.
    private let lock = NSLock()
    private var exchanges: [Int: URLSessionExchange] = [:]

    func register(_ exchange: URLSessionExchange, for task: URLSessionTask) {
        self.lock.lock()
        self.exchanges[task.taskIdentifier] = exchange
        self.lock.unlock()
    }

    func remove(_ task: URLSessionTask) {
        self.lock.lock()
        self.exchanges[task.taskIdentifier] = nil
        self.lock.unlock()
    }

    private func exchange(for task: URLSessionTask) -> URLSessionExchange? {
        self.lock.lock()
        defer { self.lock.unlock() }
        return self.exchanges[task.taskIdentifier]
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        self.exchange(for: dataTask)?.didReceive(response)
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        self.exchange(for: dataTask)?.didReceive(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        self.lock.lock()
        let exchange = self.exchanges.removeValue(forKey: task.taskIdentifier)
        self.lock.unlock()
        exchange?.didComplete(error: error, taskResponse: task.response)
    }

    /// Redirects are returned as responses: following them would send the request's signed
    /// headers to wherever `Location` points.
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }

    /// FoundationNetworking on Linux raises a challenge for a `401` with `WWW-Authenticate:
    /// Basic realm=...` only after the whole response has arrived, and never finishes the task
    /// if the delegate asks for default handling without a credential. When the exchange already
    /// has its response, this completes the exchange with it and cancels the challenge. Other
    /// challenges (and all challenges on Apple platforms, which raise them before the response)
    /// get the default handling.
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        if let exchange = self.exchange(for: task), exchange.completeWithReceivedResponse() {
            completionHandler(.cancelAuthenticationChallenge, nil)
        } else {
            completionHandler(.performDefaultHandling, nil)
        }
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        willCacheResponse proposedResponse: CachedURLResponse,
        completionHandler: @escaping @Sendable (CachedURLResponse?) -> Void
    ) {
        completionHandler(nil)
    }
}
