import Synchronization

/// Runs at most one operation per key at a time: callers that arrive while an operation for
/// their key is running wait for it and share its result ("single flight").
///
/// - 10,000 concurrent callers for one key cause one run of the operation.
/// - A waiting caller whose task is cancelled stops waiting at once and throws
///   `CancellationError`; the operation keeps running for the others. When the last waiter
///   leaves, the operation's task is cancelled.
/// - The operation runs in an unstructured task started by the first caller, so it inherits that
///   caller's priority and task-local values.
///
/// `package` so the token cache of `ECRAuth` can share it.
package final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Flight {
        var id: UInt64
        var task: Task<Void, Never>?
        var waiters: [UInt64: CheckedContinuation<Value, any Error>]
    }

    private struct State {
        var flights: [Key: Flight] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    /// The number of operations running now (for tests and metrics).
    package var runningCount: Int {
        self.state.withLock { $0.flights.count }
    }

    /// Runs `operation` for `key`, or joins the run already in progress, and returns its result.
    ///
    /// - Parameters:
    ///   - key: Which flight to run or join.
    ///   - operation: The work; run at most once at a time per key.
    /// - Returns: The operation's value.
    /// - Throws: The operation's error, or `CancellationError` when the calling task is cancelled.
    package func run(
        key: Key,
        operation: @escaping @Sendable () async throws -> Value
    ) async throws -> Value {
        let waiterID = self.state.withLock { state -> UInt64 in
            state.nextID &+= 1
            return state.nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                let cancelled = self.state.withLock { state -> Bool in
                    if Task.isCancelled { return true }
                    if state.flights[key] != nil {
                        state.flights[key]?.waiters[waiterID] = continuation
                        return false
                    }
                    state.nextID &+= 1
                    let flightID = state.nextID
                    state.flights[key] = Flight(id: flightID, task: nil, waiters: [waiterID: continuation])
                    state.flights[key]?.task = Task {
                        let result: Result<Value, any Error>
                        do {
                            result = .success(try await operation())
                        } catch {
                            result = .failure(error)
                        }
                        self.finish(key: key, flightID: flightID, with: result)
                    }
                    return false
                }
                if cancelled { continuation.resume(throwing: CancellationError()) }
            }
        } onCancel: {
            let (continuation, task) = self.state.withLock { state -> (CheckedContinuation<Value, any Error>?, Task<Void, Never>?) in
                guard var flight = state.flights[key], let continuation = flight.waiters.removeValue(forKey: waiterID) else {
                    return (nil, nil)
                }
                if flight.waiters.isEmpty {
                    state.flights[key] = nil
                    return (continuation, flight.task)
                }
                state.flights[key] = flight
                return (continuation, nil)
            }
            continuation?.resume(throwing: CancellationError())
            task?.cancel()
        }
    }

    private func finish(key: Key, flightID: UInt64, with result: Result<Value, any Error>) {
        let waiters = self.state.withLock { state -> [CheckedContinuation<Value, any Error>] in
            guard let flight = state.flights[key], flight.id == flightID else { return [] }
            state.flights[key] = nil
            return Array(flight.waiters.values)
        }
        for waiter in waiters {
            waiter.resume(with: result)
        }
    }
}
