public import Logging

extension KubernetesSecretClient {
    /// Makes the stored Secret hold `desired`'s type, data, labels and annotations, writing only
    /// when something differs.
    ///
    /// 1. Read the Secret.
    /// 2. If it does not exist, create it. If a create finds it already created (someone else
    ///    was faster), go back to 1.
    /// 3. If it already holds everything (`KubernetesSecret.isApplied(to:)`), stop: nothing is
    ///    written, and the result's ``KubernetesApplyResult/action`` is
    ///    ``KubernetesApplyResult/Action/unchanged``.
    /// 4. Otherwise update it with `KubernetesSecret.merged(into:)`: `desired`'s data replaces
    ///    the stored data (keys `desired` lacks are removed), `desired`'s labels and annotations
    ///    are added to the stored ones, and everything else is kept. The update is conditional on
    ///    the `resourceVersion` and `uid` just read; on a conflict (409), or if the Secret vanished
    ///    in between (404), wait ``Options-swift.struct/conflictBackoff`` (doubling) and go back
    ///    to 1.
    ///
    /// It gives up with ``KubernetesError/Code/conflict`` after
    /// ``Options-swift.struct/maximumConflictRetries`` retries. It never deletes the Secret, and
    /// it never changes the type of an existing Secret (Kubernetes forbids that, and the only
    /// way around it would be deleting and creating again).
    ///
    /// - Parameters:
    ///   - desired: The Secret as it should be; its namespace is the configuration's when `nil`.
    ///     Its `resourceVersion` and `uid` are ignored.
    ///   - logger: Where to log the steps (at debug level), if anywhere. Only names, keys and
    ///     versions are logged, never data or annotation values.
    /// - Returns: What was done and the Secret as stored afterwards.
    /// - Throws: ``KubernetesError`` (``KubernetesError/Code/invalidSecret`` when `desired` is
    ///   invalid or has another type than the stored Secret, in which case nothing was written;
    ///   ``KubernetesError/Code/conflict`` when the retries ran out; any error of ``get(name:namespace:logger:)``,
    ///   ``create(_:logger:)`` and ``update(_:logger:)``), or `CancellationError`.
    public func apply(_ desired: KubernetesSecret, logger: Logger? = nil) async throws -> KubernetesApplyResult {
        let namespace = desired.namespace ?? self.configuration.namespace
        var desired = desired
        desired.namespace = namespace
        desired.resourceVersion = nil
        desired.uid = nil
        try Self.validate(desired, namespace: namespace)
        let label = "\(namespace)/\(desired.name)"

        var retries = 0
        while true {
            if let existing = try await self.find(name: desired.name, namespace: namespace, logger: logger) {
                if desired.isApplied(to: existing) {
                    logger?.debug(
                        "Secret already up to date; nothing written",
                        metadata: ["kubernetes.secret": "\(label)", "kubernetes.resource_version": "\(existing.resourceVersion ?? "")"]
                    )
                    return KubernetesApplyResult(action: .unchanged, secret: existing, conflictRetries: retries)
                }
                guard existing.type == desired.type else {
                    throw KubernetesError(
                        code: .invalidSecret,
                        reason: "secret \(label) has type \(existing.type), not \(desired.type); Kubernetes does not allow "
                            + "changing the type, and this client never deletes a Secret to recreate it"
                    )
                }
                let changedKeys = Set(existing.data.keys).symmetricDifference(desired.data.keys).union(
                    desired.data.keys.filter { existing.data[$0] != nil && existing.data[$0] != desired.data[$0] }
                )
                logger?.debug(
                    "updating Secret",
                    metadata: [
                        "kubernetes.secret": "\(label)", "kubernetes.resource_version": "\(existing.resourceVersion ?? "")",
                        "kubernetes.changed_keys": "\(changedKeys.sorted().joined(separator: ","))",
                    ]
                )
                do {
                    let updated = try await self.update(desired.merged(into: existing), logger: logger)
                    return KubernetesApplyResult(action: .updated, secret: updated, conflictRetries: retries)
                } catch let error as KubernetesError where error.code == .conflict || error.code == .notFound {
                    try await self.prepareRetry(&retries, after: error, label: label, logger: logger)
                }
            } else {
                logger?.debug("creating Secret", metadata: ["kubernetes.secret": "\(label)"])
                do {
                    let created = try await self.create(desired, logger: logger)
                    return KubernetesApplyResult(action: .created, secret: created, conflictRetries: retries)
                } catch let error as KubernetesError where error.code == .alreadyExists {
                    try await self.prepareRetry(&retries, after: error, label: label, logger: logger)
                }
            }
        }
    }

    /// Counts a retry after `error`, throws when none is left, and waits the backoff.
    private func prepareRetry(
        _ retries: inout Int,
        after error: KubernetesError,
        label: String,
        logger: Logger?
    ) async throws {
        guard retries < self.options.maximumConflictRetries else {
            throw KubernetesError(
                code: .conflict,
                reason: "apply secret \(label): it kept changing; gave up after \(retries + 1) attempts",
                httpStatus: error.httpStatus,
                apiReason: error.apiReason,
                apiMessage: error.apiMessage
            )
        }
        retries += 1
        let delay = Self.backoff(retry: retries, base: self.options.conflictBackoff)
        logger?.debug(
            "Secret changed while being applied; reading it again",
            metadata: [
                "kubernetes.secret": "\(label)", "kubernetes.retry": "\(retries)",
                "kubernetes.reason": "\(error.apiReason ?? error.code.description)", "kubernetes.backoff": "\(delay)",
            ]
        )
        if delay > .zero {
            try await Task.sleep(for: delay)
        }
    }

    /// `base` doubled for each retry after the first, at most two seconds.
    static func backoff(retry: Int, base: Duration) -> Duration {
        guard base > .zero else { return .zero }
        var delay = base
        var step = 1
        while step < retry, delay < .seconds(2) {
            delay *= 2
            step += 1
        }
        return min(delay, .seconds(2))
    }
}

/// What ``KubernetesSecretClient/apply(_:logger:)`` did.
public struct KubernetesApplyResult: Sendable {
    /// Whether the Secret was created, updated, or left as it was.
    public struct Action: Hashable, Sendable, CustomStringConvertible {
        private let name: String

        private init(_ name: String) {
            self.name = name
        }

        /// The Secret did not exist and was created.
        public static let created = Action("created")
        /// The Secret existed with other data, labels or annotations and was updated.
        public static let updated = Action("updated")
        /// The Secret already held everything; nothing was written.
        public static let unchanged = Action("unchanged")

        /// `created`, `updated` or `unchanged`.
        public var description: String { self.name }
    }

    /// What was done.
    public var action: Action

    /// The Secret as stored afterwards (as read, when ``action`` is
    /// ``Action/unchanged``), with its `resourceVersion`.
    public var secret: KubernetesSecret

    /// How many times a conflict (409, or a create that found the Secret already there, or an
    /// update that found it gone) made the apply read again and retry.
    public var conflictRetries: Int

    /// Whether anything was written (``action`` is not ``Action/unchanged``).
    public var didWrite: Bool { self.action != .unchanged }

    /// Creates a result.
    ///
    /// - Parameters:
    ///   - action: What was done.
    ///   - secret: The Secret as stored afterwards.
    ///   - conflictRetries: How many conflicts were retried.
    public init(action: Action, secret: KubernetesSecret, conflictRetries: Int) {
        self.action = action
        self.secret = secret
        self.conflictRetries = conflictRetries
    }
}
