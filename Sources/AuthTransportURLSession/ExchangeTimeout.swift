import Dispatch
import Foundation

/// The configured timeout of one exchange, converted for Dispatch and Foundation.
struct ExchangeTimeout: Sendable {
    /// Durations above this count as this, so that no conversion below can overflow.
    static let longest: Duration = .seconds(365 * 24 * 60 * 60)

    /// The timeout in seconds, from 0 to ``longest``.
    let seconds: Double

    init(_ duration: Duration) {
        let clamped = min(max(duration, .zero), Self.longest)
        let (whole, attoseconds) = clamped.components
        self.seconds = Double(whole) + Double(attoseconds) / 1e18
    }

    /// When the transport's own timer fires.
    func deadline(from now: DispatchTime = .now()) -> DispatchTime {
        now + self.seconds
    }

    /// The `URLRequest.timeoutInterval`: later than the transport's own timer, so that timer
    /// decides. Foundation on Linux counts it in whole seconds; on Apple platforms it is an idle
    /// timeout.
    var foundationBackstop: TimeInterval {
        (self.seconds + 1).rounded(.up)
    }
}
