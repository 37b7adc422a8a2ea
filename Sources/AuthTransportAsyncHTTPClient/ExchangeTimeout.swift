#if AsyncHTTPClient
import AuthTransport
import NIOCore

/// The configured timeout of one exchange, and the race that enforces it.
struct ExchangeTimeout: Sendable {
    /// Durations above this count as this, so that no conversion below can overflow.
    static let longest: Duration = .seconds(365 * 24 * 60 * 60)

    /// The timeout, from zero to ``longest``.
    let duration: Duration

    init(_ duration: Duration) {
        self.duration = min(max(duration, .zero), Self.longest)
    }

    /// How much later than AsyncHTTPClient's deadline the transport's own timer fires.
    static let grace: Duration = .milliseconds(50)

    /// AsyncHTTPClient's deadline for the response head: the timeout itself. When it passes
    /// while the request still waits for a connection, AsyncHTTPClient reports the last
    /// connection error (refused, unreachable, TLS), which says more than "timed out".
    var headDeadline: TimeAmount {
        let (seconds, attoseconds) = self.duration.components
        return .seconds(seconds) + .nanoseconds(attoseconds / 1_000_000_000)
    }

    /// When the transport's own timer ends the exchange: just after ``headDeadline``, so it
    /// decides only while the body streams (AsyncHTTPClient's deadline ends with the head).
    var exchangeLimit: Duration {
        self.duration + Self.grace
    }
}

/// Runs `operation`, and throws ``HTTPTransportError/Code/timedOut`` if it has not finished
/// within `timeout`, cancelling it.
///
/// - Parameters:
///   - timeout: How long `operation` may take.
///   - operation: The work; it must end promptly when cancelled.
/// - Returns: What `operation` returns.
/// - Throws: What `operation` throws, or the timeout error, or `CancellationError` when the
///   calling task is cancelled.
func withTimeout<Value: Sendable>(
    _ timeout: ExchangeTimeout,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask {
            try await operation()
        }
        group.addTask {
            try await Task.sleep(for: timeout.exchangeLimit)
            throw HTTPTransportError(code: .timedOut, reason: "no complete response within the timeout")
        }
        defer { group.cancelAll() }
        guard let value = try await group.next() else {
            throw CancellationError()
        }
        return value
    }
}
#endif
