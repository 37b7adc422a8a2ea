import Foundation

/// Wall-clock limits for tests that prove "promptly" or "in linear time".
///
/// The limits are generous for a debug build on a shared two-core machine. Under the sanitizers
/// the same code runs 2 to 15 times slower, so `.ci/run` sets `SWIFT_ECR_TEST_TIME_SCALE` for those
/// runs and every limit is multiplied by it. Lower bounds (a timeout must not fire early) are never
/// scaled.
public enum TestTimeLimits {
    /// The factor from `SWIFT_ECR_TEST_TIME_SCALE`; 1 when unset or not a number of at least 1.
    public static let scale: Double = {
        guard let text = ProcessInfo.processInfo.environment["SWIFT_ECR_TEST_TIME_SCALE"],
            let value = Double(text), value >= 1, value.isFinite
        else {
            return 1
        }
        return value
    }()

    /// `limit` times ``scale``.
    ///
    /// - Parameter limit: The limit for a plain debug build.
    /// - Returns: The limit for this run.
    public static func scaled(_ limit: Duration) -> Duration {
        limit * scale
    }

    /// `seconds` times ``scale``.
    ///
    /// - Parameter seconds: The limit for a plain debug build, in seconds.
    /// - Returns: The limit for this run, in seconds.
    public static func scaled(seconds: Double) -> Double {
        seconds * scale
    }
}
