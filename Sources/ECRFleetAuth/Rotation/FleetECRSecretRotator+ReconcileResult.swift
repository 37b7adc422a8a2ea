public import FleetAuth

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

extension FleetECRSecretRotator {
    /// What one ``FleetECRSecretRotator/reconcile(now:force:logger:)`` did, and when to call it
    /// again.
    public struct ReconcileResult: Sendable, CustomStringConvertible {
        /// Whether the Secret was created, updated, or left as it was.
        public struct Action: Sendable, Hashable, CustomStringConvertible {
            private let name: String

            private init(_ name: String) {
                self.name = name
            }

            /// The Secret did not exist and was created.
            public static let created = Action("created")
            /// The Secret's data changed and was written (one `PUT`).
            public static let updated = Action("updated")
            /// Nothing was written.
            public static let unchanged = Action("unchanged")

            /// `created`, `updated` or `unchanged`.
            public var description: String { self.name }
        }

        /// Why the rotator did what it did. A set that may grow.
        public struct Reason: Sendable, Hashable, CustomStringConvertible {
            private let text: String

            private init(_ text: String) {
                self.text = text
            }

            /// The stored credentials are not yet due for a refresh; no token was fetched.
            public static let upToDate = Reason("the credentials are not due for a refresh")
            /// The Secret did not exist.
            public static let secretMissing = Reason("the Secret does not exist")
            /// The Secret existed without the managed-by label and was taken over
            /// (``Configuration/adoptExistingSecret``).
            public static let adopted = Reason("the Secret was not managed by ecr-fleet-auth and is adopted")
            /// The Secret's type, keys or registries differ from the configuration.
            public static let configurationChanged = Reason("the Secret's type, keys or registries differ from the configuration")
            /// The Secret has no readable `refreshed-at` and `expires-at` annotations.
            public static let noRefreshRecord = Reason("the Secret records no refresh and expiry time")
            /// The stored credentials reached their refresh time (or have expired).
            public static let refreshDue = Reason("the credentials are due for a refresh")
            /// The caller forced a check against fresh tokens.
            public static let forced = Reason("a refresh was forced")

            /// The reason as a sentence fragment.
            public var description: String { self.text }
        }

        /// What was done.
        public var action: Action
        /// Why.
        public var reason: Reason
        /// The Secret as stored afterwards (as read when nothing was written). Prints without its
        /// data.
        public var secret: KubernetesSecret
        /// When the credentials in the Secret expire (the earliest token's expiry, as ECR stated
        /// it), when known.
        public var expiresAt: Date?
        /// When to reconcile again: the next scheduled refresh, on the local clock.
        public var nextRefresh: Date
        /// Seconds from the reconcile's `now` until ``nextRefresh``; never negative. What an
        /// operator returns as its requeue delay.
        public var requeueAfter: TimeInterval
        /// Whether tokens were requested from the token cache (which calls ECR only when its own
        /// copy is due).
        public var fetchedTokens: Bool
        /// How many times a conflict (409) made the rotator read the Secret again and retry.
        public var conflictRetries: Int

        /// Whether anything was written (``action`` is not ``Action/unchanged``).
        public var didWrite: Bool { self.action != .unchanged }

        /// Creates a result.
        ///
        /// - Parameters:
        ///   - action: What was done.
        ///   - reason: Why.
        ///   - secret: The Secret as stored afterwards.
        ///   - expiresAt: When its credentials expire, if known.
        ///   - nextRefresh: When to reconcile again.
        ///   - requeueAfter: Seconds until then.
        ///   - fetchedTokens: Whether tokens were requested.
        ///   - conflictRetries: How many conflicts were retried.
        public init(
            action: Action,
            reason: Reason,
            secret: KubernetesSecret,
            expiresAt: Date?,
            nextRefresh: Date,
            requeueAfter: TimeInterval,
            fetchedTokens: Bool,
            conflictRetries: Int
        ) {
            self.action = action
            self.reason = reason
            self.secret = secret
            self.expiresAt = expiresAt
            self.nextRefresh = nextRefresh
            self.requeueAfter = requeueAfter
            self.fetchedTokens = fetchedTokens
            self.conflictRetries = conflictRetries
        }

        /// For example `updated fleet-default/ecr-credentials (the credentials are due for a
        /// refresh); expires 2026-05-18T12:00:00Z; next refresh in 21600 s`. Never a secret.
        public var description: String {
            var text = "\(self.action) \(self.secret.namespace ?? "<default namespace>")/\(self.secret.name) (\(self.reason))"
            if let expiresAt { text += "; expires \(RotationTime.format(expiresAt))" }
            text += "; next refresh \(RotationTime.format(self.nextRefresh)) (in \(Int(self.requeueAfter.rounded(.up))) s)"
            if self.conflictRetries > 0 { text += "; \(self.conflictRetries) conflict(s) retried" }
            return text
        }
    }
}
