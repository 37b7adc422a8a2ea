import Dispatch
import Foundation
import Synchronization

/// SIGTERM and SIGINT for `rotate`: the first one lets the step in progress finish (a reconcile
/// is at most one write, a single request) and interrupts a sleep at once; the second one also
/// cancels the step in progress. Either way the command then returns normally and the tool
/// exits with status 0.
final class ShutdownSignal: Sendable {
    private struct State {
        var signals = 0
        var sleeper: Task<Void, Never>?
        var step: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())
    private let sources: SignalSources

    /// Starts listening for SIGTERM and SIGINT (which no longer end the process by themselves).
    init() {
        self.sources = SignalSources()
        self.sources.install { [weak self] in self?.received() }
    }

    /// Whether a signal has arrived.
    var isRequested: Bool {
        self.state.withLock { $0.signals > 0 }
    }

    private func received() {
        self.state.withLock { state in
            state.signals += 1
            state.sleeper?.cancel()
            if state.signals > 1 {
                state.step?()
            }
        }
    }

    /// Runs one step; a first signal waits for it, a second one cancels it.
    func step<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await operation() }
        self.state.withLock { state in
            state.step = { task.cancel() }
            if state.signals > 1 { task.cancel() }
        }
        defer { self.state.withLock { $0.step = nil } }
        return try await task.value
    }

    /// Sleeps for `duration`, or until a signal arrives.
    ///
    /// - Returns: `true` when a signal arrived (now or before).
    func sleep(for duration: Duration) async -> Bool {
        let sleeper = Task { _ = try? await Task.sleep(for: duration) }
        let started = self.state.withLock { state -> Bool in
            guard state.signals == 0 else { return false }
            state.sleeper = sleeper
            return true
        }
        guard started else {
            sleeper.cancel()
            return true
        }
        await sleeper.value
        return self.state.withLock { state in
            state.sleeper = nil
            return state.signals > 0
        }
    }
}

/// The dispatch sources that turn SIGTERM and SIGINT into calls.
private final class SignalSources: @unchecked Sendable {
    // @unchecked: `sources` is written once, in `install`, before any handler can run, and only
    // kept alive afterwards.
    private var sources: [any DispatchSourceSignal] = []

    func install(_ handler: @escaping @Sendable () -> Void) {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            self.sources.append(source)
        }
    }
}
