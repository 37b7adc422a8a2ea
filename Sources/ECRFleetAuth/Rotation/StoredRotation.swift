import ECRAuth
import FleetAuth

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What a stored Secret says about itself: whether it has the configured shape, when its
/// credentials were refreshed and expire, and so whether a refresh is due. Reads only metadata,
/// types and key names, never a secret value.
struct StoredRotation {
    enum State: Equatable {
        /// The Secret has the configured shape and its credentials are not due before `due`.
        case current(due: Date, expiresAt: Date)
        /// The Secret has the configured shape, but its credentials are due (or expired).
        case due(expiresAt: Date)
        /// The type, the data keys or the registries annotation differ from the configuration,
        /// or a value is empty.
        case configurationChanged
        /// The refresh annotations are missing or unreadable.
        case noRecord
    }

    /// Judges `secret` against `configuration` at the local time `now`.
    ///
    /// The refresh is due at `refreshedAt + (expiresAt − refreshedAt) × (ratio − jitterRatio ×
    /// jitter)`, never later than `expiresAt − refreshMargin` and never earlier than
    /// `refreshedAt`, and at once when less than `expiryMargin` is left: the schedule of
    /// ``RefreshPolicy``, applied to the times recorded in the annotations.
    static func evaluate(
        _ secret: KubernetesSecret,
        configuration: FleetECRSecretRotator.Configuration,
        policy: RefreshPolicy,
        jitter: Double,
        now: Date
    ) -> State {
        let format = configuration.format
        guard secret.type == format.secretType, Set(secret.data.keys) == Set(format.dataKeys),
            secret.data.values.allSatisfy({ !$0.isEmpty }),
            secret.annotations[FleetECRSecretRotator.Configuration.registriesAnnotation] == configuration.registriesAnnotationValue
        else {
            return .configurationChanged
        }
        guard let refreshedText = secret.annotations[KubernetesSecret.refreshedAtAnnotation],
            let expiresText = secret.annotations[KubernetesSecret.expiresAtAnnotation],
            let refreshedAt = RotationTime.parse(refreshedText), let expiresAt = RotationTime.parse(expiresText),
            expiresAt > refreshedAt
        else {
            return .noRecord
        }
        return Self.schedule(refreshedAt: refreshedAt, expiresAt: expiresAt, policy: policy, jitter: jitter, now: now)
    }

    /// The schedule for credentials refreshed at `refreshedAt` that expire at `expiresAt`.
    static func schedule(refreshedAt: Date, expiresAt: Date, policy: RefreshPolicy, jitter: Double, now: Date) -> State {
        let lifetime = expiresAt.timeIntervalSince(refreshedAt)
        let ratio = policy.ratio.isFinite ? policy.ratio : 0.5
        let jitterRatio = policy.jitterRatio.isFinite ? policy.jitterRatio : 0
        let draw = jitter.isFinite ? min(max(jitter, 0), 1) : 0
        let fraction = min(max(ratio - jitterRatio * draw, 0), 1)
        var due = refreshedAt.addingTimeInterval(lifetime * fraction)
        let margin = policy.refreshMargin.isFinite ? max(0, policy.refreshMargin) : 0
        let latest = expiresAt.addingTimeInterval(-margin)
        if due > latest { due = latest }
        if due < refreshedAt { due = refreshedAt }
        let expiryMargin = policy.expiryMargin.isFinite ? max(0, policy.expiryMargin) : 0
        if now >= due || now.addingTimeInterval(expiryMargin) >= expiresAt {
            return .due(expiresAt: expiresAt)
        }
        return .current(due: due, expiresAt: expiresAt)
    }
}
