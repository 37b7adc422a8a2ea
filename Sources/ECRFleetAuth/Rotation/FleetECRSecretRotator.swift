public import AWSCredentialProviders
public import AuthTransport
public import ECRAuth
import FleetAuth
public import Logging
import OCIReference

#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif

/// Keeps a Fleet Helm credentials Secret filled with a valid ECR password: one call per
/// reconcile, from your operator's loop or from `ecr-fleet-auth rotate --watch`.
///
/// ```swift
/// let rotator = try FleetECRSecretRotator(
///     configuration: .init(secretName: "ecr-credentials", namespace: "fleet-default",
///                          registries: [registry], format: .helmSecretName),
///     tokens: ECRTokenCache(client: ecrClient),          // one cache per process
///     kubernetes: KubernetesSecretClient(configuration: kubeConfiguration, transport: transport)
/// )
/// let result = try await rotator.reconcile(logger: logger)
/// // result.action: created, updated or unchanged; requeue after result.requeueAfter seconds
/// ```
///
/// Each ``reconcile(now:force:logger:)``:
///
/// 1. reads the Secret (one `GET`);
/// 2. if it is the rotator's (label `app.kubernetes.io/managed-by: ecr-fleet-auth`), has the
///    configured type, keys and registries, and its `ecr-fleet-auth/refreshed-at` and
///    `ecr-fleet-auth/expires-at` annotations say the credentials are not yet due, stops there:
///    no token is fetched and nothing is written. The Secret itself is the schedule, so a
///    restarted process, a CronJob or a second replica does not fetch a new token (whose
///    different password would be a write) before it is due;
/// 3. otherwise asks the `ECRTokenCache` for the token of each registry (the cache calls ECR
///    only when its own copy is due), renders the Secret with FleetAuth, and compares the data
///    with the stored data: **it writes only when the data changed**, because every write of a
///    Fleet Helm Secret restarts the GitRepo's git job. A write stamps the refresh annotations and
///    the managed-by label, and is one `POST` (create) or one conditional `PUT` (update), so it
///    is never half done;
/// 4. after a conflict (409: someone wrote the Secret since it was read) it reads again and
///    starts over, at most ``KubernetesSecretClient/Options-swift.struct/maximumConflictRetries``
///    times;
/// 5. returns what it did and when to come back (``ReconcileResult/nextRefresh``).
///
/// It never deletes a Secret and never takes over one it did not create unless
/// ``Configuration/adoptExistingSecret`` is set. Time and jitter are injected; the logger is
/// yours; no log line, error or `description` contains a password or token.
public struct FleetECRSecretRotator: Sendable {
    /// What the rotator keeps.
    public let configuration: Configuration
    /// The token cache the tokens come from; share one per process.
    public let tokens: ECRTokenCache
    /// The client that reads and writes the Secret.
    public let kubernetes: KubernetesSecretClient
    /// The namespace of the Secret: the configuration's, else the Kubernetes client's.
    public let namespace: String

    private let now: @Sendable () -> Date
    /// One draw from the random source, fixed for this rotator: where in the jitter window
    /// (`RefreshPolicy.jitterRatio`) its schedule falls.
    private let jitter: Double

    /// Creates a rotator around an existing token cache.
    ///
    /// - Parameters:
    ///   - configuration: What to keep.
    ///   - tokens: The token cache (its `ECRTokenCache.policy` is the refresh policy).
    ///   - kubernetes: The Kubernetes Secret client.
    ///   - now: The clock; use the cache's. The system clock unless given.
    ///   - random: A source of numbers in `0..<1`, drawn once for the schedule's jitter.
    /// - Throws: The errors of ``Configuration/validate()``.
    public init(
        configuration: Configuration,
        tokens: ECRTokenCache,
        kubernetes: KubernetesSecretClient,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) throws(KubernetesError) {
        try configuration.validate()
        let namespace = configuration.namespace ?? kubernetes.configuration.namespace
        try KubernetesSecretClient.validate(name: configuration.secretName, namespace: namespace)
        self.configuration = configuration
        self.tokens = tokens
        self.kubernetes = kubernetes
        self.namespace = namespace
        self.now = now
        self.jitter = random()
    }

    /// Creates a rotator with its own token cache around `client`.
    ///
    /// - Parameters:
    ///   - configuration: What to keep.
    ///   - client: The ECR client.
    ///   - refreshPolicy: When to refresh; the default policy unless given.
    ///   - kubernetes: The Kubernetes Secret client.
    ///   - now: The clock, for the cache too.
    ///   - random: The jitter source, for the cache too.
    /// - Throws: The errors of ``Configuration/validate()``.
    public init(
        configuration: Configuration,
        client: ECRClient,
        refreshPolicy: RefreshPolicy = RefreshPolicy(),
        kubernetes: KubernetesSecretClient,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) throws(KubernetesError) {
        try self.init(
            configuration: configuration,
            tokens: ECRTokenCache(client: client, policy: refreshPolicy, now: now, random: random),
            kubernetes: kubernetes, now: now, random: random)
    }

    /// Creates a rotator with its own ECR client and token cache.
    ///
    /// The client calls the endpoints of each registry's region (its default region is the
    /// first registry's) with the given clock and jitter; build an `ECRClient` yourself for
    /// endpoint overrides, FIPS or `AWS_ENDPOINT_URL_ECR`.
    ///
    /// - Parameters:
    ///   - configuration: What to keep.
    ///   - credentials: The AWS credentials; wrap the source in a `RefreshingCredentialsProvider`.
    ///   - transport: The transport for ECR (and STS, through the credentials).
    ///   - refreshPolicy: When to refresh; the default policy unless given.
    ///   - kubernetes: The Kubernetes Secret client.
    ///   - now: The clock.
    ///   - random: The jitter source.
    /// - Throws: The errors of ``Configuration/validate()``.
    public init(
        configuration: Configuration,
        credentials: some AWSCredentialsProvider,
        transport: some HTTPTransport,
        refreshPolicy: RefreshPolicy = RefreshPolicy(),
        kubernetes: KubernetesSecretClient,
        now: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) throws(KubernetesError) {
        try configuration.validate()
        let region = configuration.registries.first.map { $0.isPublic ? "us-east-1" : $0.region } ?? "us-east-1"
        let client = ECRClient(
            transport: transport, credentials: credentials, region: region,
            configuration: ECRClient.Configuration(now: now, random: random))
        try self.init(
            configuration: configuration, client: client, refreshPolicy: refreshPolicy, kubernetes: kubernetes, now: now,
            random: random)
    }

    /// The refresh policy: the token cache's.
    public var refreshPolicy: RefreshPolicy { self.tokens.policy }

    /// Brings the Secret up to date, writing only when its data changed.
    ///
    /// - Parameters:
    ///   - now: The local time to judge the schedule by; the rotator's clock unless given.
    ///   - force: Check the stored data against the cache's tokens even when the annotations
    ///     say nothing is due (repairs a Secret someone edited). It writes only when the data
    ///     differs; it does not make the cache call ECR before its own schedule.
    ///   - logger: Where to log what was done (names, actions and times; never a secret).
    /// - Returns: What was done and when to reconcile again.
    /// - Throws: ``KubernetesError`` (``KubernetesError/Code/notManaged`` for a Secret the
    ///   rotator may not take over, ``KubernetesError/Code/invalidSecret`` for a stored Secret of
    ///   another type, ``KubernetesError/Code/conflict`` when the retries ran out, and the
    ///   client's errors), `ECRAuthError` from the token cache, or `CancellationError`. Nothing
    ///   is half written: each write is a single request.
    public func reconcile(now: Date? = nil, force: Bool = false, logger: Logger? = nil) async throws -> ReconcileResult {
        let name = self.configuration.secretName
        let label = "\(self.namespace)/\(name)"
        var retries = 0
        while true {
            try Task.checkCancellation()
            let now = now ?? self.now()
            let existing = try await self.kubernetes.find(name: name, namespace: self.namespace, logger: logger)

            let reason: ReconcileResult.Reason
            if let existing {
                let managed = existing.labels[Configuration.managedByLabel] == Configuration.managedByValue
                if !managed && !self.configuration.adoptExistingSecret {
                    throw KubernetesError(
                        code: .notManaged,
                        reason: "secret \(label) exists but is not managed by ecr-fleet-auth (no label "
                            + "\(Configuration.managedByLabel)=\(Configuration.managedByValue)); refusing to overwrite it "
                            + "(adopt it explicitly, or choose another name)")
                }
                let state = StoredRotation.evaluate(
                    existing, configuration: self.configuration, policy: self.refreshPolicy, jitter: self.jitter, now: now)
                switch state {
                case .current(let due, let expiresAt) where managed && !force:
                    logger?.debug(
                        "Secret is current; nothing to do",
                        metadata: [
                            "kubernetes.secret": "\(label)", "rotation.next_refresh": "\(RotationTime.format(due))",
                            "rotation.expires_at": "\(RotationTime.format(expiresAt))",
                        ])
                    return ReconcileResult(
                        action: .unchanged, reason: .upToDate, secret: existing, expiresAt: expiresAt, nextRefresh: due,
                        requeueAfter: max(0, due.timeIntervalSince(now)), fetchedTokens: false, conflictRetries: retries)
                case _ where !managed: reason = .adopted
                case _ where force: reason = .forced
                case .current, .due: reason = .refreshDue
                case .configurationChanged: reason = .configurationChanged
                case .noRecord: reason = .noRefreshRecord
                }
            } else {
                reason = .secretMissing
            }

            let fetched = try await self.fetchTokens(logger: logger)
            let desired = try self.render(fetched)
            let expiresAt = fetched.values.map(\.expiresAt).min()
            let nextRefresh = self.nextRefresh(after: now)

            if let existing, desired.hasSameData(as: existing),
                existing.labels[Configuration.managedByLabel] == Configuration.managedByValue
            {
                logger?.debug(
                    "Secret already holds these credentials; nothing written",
                    metadata: ["kubernetes.secret": "\(label)", "rotation.reason": "\(reason)"])
                return ReconcileResult(
                    action: .unchanged, reason: reason, secret: existing, expiresAt: expiresAt, nextRefresh: nextRefresh,
                    requeueAfter: max(0, nextRefresh.timeIntervalSince(now)), fetchedTokens: true, conflictRetries: retries)
            }

            let stamped = self.stamp(desired, refreshedAt: now, expiresAt: expiresAt)
            do {
                let stored: KubernetesSecret
                let action: ReconcileResult.Action
                if let existing {
                    guard existing.type == stamped.type else {
                        throw KubernetesError(
                            code: .invalidSecret,
                            reason: "secret \(label) has type \(existing.type), but the \(self.configuration.format) format "
                                + "writes \(stamped.type); Kubernetes does not allow changing the type and the rotator never "
                                + "deletes a Secret: delete it yourself or choose another name")
                    }
                    stored = try await self.kubernetes.update(stamped.merged(into: existing), logger: logger)
                    action = .updated
                } else {
                    stored = try await self.kubernetes.create(stamped, logger: logger)
                    action = .created
                }
                let result = ReconcileResult(
                    action: action, reason: reason, secret: stored, expiresAt: expiresAt, nextRefresh: nextRefresh,
                    requeueAfter: max(0, nextRefresh.timeIntervalSince(now)), fetchedTokens: true, conflictRetries: retries)
                logger?.info(
                    "Secret \(action)",
                    metadata: [
                        "kubernetes.secret": "\(label)", "kubernetes.resource_version": "\(stored.resourceVersion ?? "")",
                        "rotation.reason": "\(reason)",
                        "rotation.expires_at": "\(expiresAt.map(RotationTime.format) ?? "unknown")",
                        "rotation.next_refresh": "\(RotationTime.format(nextRefresh))",
                        "rotation.conflict_retries": "\(retries)",
                    ])
                return result
            } catch let error as KubernetesError where [.conflict, .alreadyExists, .notFound].contains(error.code) {
                guard retries < self.kubernetes.options.maximumConflictRetries else {
                    throw KubernetesError(
                        code: .conflict,
                        reason: "rotate secret \(label): it kept changing while being written; gave up after \(retries + 1) attempts",
                        httpStatus: error.httpStatus, apiReason: error.apiReason, apiMessage: error.apiMessage)
                }
                retries += 1
                let delay = KubernetesSecretClient.backoff(retry: retries, base: self.kubernetes.options.conflictBackoff)
                logger?.debug(
                    "Secret changed while being written; reading it again",
                    metadata: [
                        "kubernetes.secret": "\(label)", "kubernetes.retry": "\(retries)",
                        "kubernetes.reason": "\(error.apiReason ?? error.code.description)", "kubernetes.backoff": "\(delay)",
                    ])
                if delay > .zero {
                    try await Task.sleep(for: delay)
                }
            }
        }
    }

    /// When the Secret is next due, after a reconcile that asked the cache for tokens: the
    /// earliest scheduled refresh of the registries' tokens, never before `now`.
    private func nextRefresh(after now: Date) -> Date {
        let dates = self.configuration.tokenRegistries.compactMap { self.tokens.nextRefresh(for: $0) }
        let earliest = dates.min() ?? now.addingTimeInterval(self.refreshPolicy.failureBackoff)
        return max(earliest, now)
    }

    // MARK: Tokens and rendering

    private func fetchTokens(logger: Logger?) async throws -> [ECRRegistry: ECRAuthorizationToken] {
        var tokens: [ECRRegistry: ECRAuthorizationToken] = [:]
        for registry in self.configuration.tokenRegistries {
            tokens[registry] = try await self.tokens.token(for: registry, logger: logger)
        }
        return tokens
    }

    /// The Secret the configuration describes, filled with `tokens`, without refresh annotations.
    func render(_ tokens: [ECRRegistry: ECRAuthorizationToken]) throws(KubernetesError) -> KubernetesSecret {
        let name = self.configuration.secretName
        func token(_ registry: ECRRegistry) throws(KubernetesError) -> ECRAuthorizationToken {
            guard let token = tokens[registry] else {
                throw KubernetesError(code: .invalidConfiguration, reason: "no token for \(registry.host)")
            }
            return token
        }
        switch self.configuration.format.kind {
        case .helmSecretName:
            guard let registry = self.configuration.tokenRegistries.first else {
                throw KubernetesError(code: .invalidConfiguration, reason: "rotator for secret \(name): no registry given")
            }
            let token = try token(registry)
            return KubernetesSecret.helmCredentials(
                name: name, namespace: self.namespace,
                credentials: HelmCredentials(username: token.username, password: token.password))
        case .secretsPath(let paths):
            var entries: [String: HelmCredentials] = [:]
            for (path, registry) in paths {
                let token = try token(registry)
                entries[path] = HelmCredentials(username: token.username, password: token.password)
            }
            return KubernetesSecret.secretsPath(name: name, namespace: self.namespace, file: SecretsPathFile(entries: entries))
        case .dockerConfigJSON:
            var auths: [String: (username: String, password: String)] = [:]
            for registry in self.configuration.tokenRegistries {
                let token = try token(registry)
                auths[registry.host] = (token.username, token.password)
            }
            return KubernetesSecret.dockerConfigJSON(name: name, namespace: self.namespace, registries: auths)
        }
    }

    /// `secret` with the configured labels and annotations, the managed-by label, the registries
    /// annotation and the refresh annotations.
    private func stamp(_ secret: KubernetesSecret, refreshedAt: Date, expiresAt: Date?) -> KubernetesSecret {
        var stamped = secret
        stamped.labels.merge(self.configuration.labels) { _, new in new }
        stamped.labels[Configuration.managedByLabel] = Configuration.managedByValue
        stamped.annotations.merge(self.configuration.annotations) { _, new in new }
        stamped.annotations[Configuration.registriesAnnotation] = self.configuration.registriesAnnotationValue
        return stamped.annotatingRefresh(refreshedAt: refreshedAt, expiresAt: expiresAt)
    }
}

extension FleetECRSecretRotator: CustomStringConvertible {
    /// `FleetECRSecretRotator(fleet-default/ecr-credentials, helmSecretName, registries: […])`;
    /// never a secret.
    public var description: String {
        "FleetECRSecretRotator(\(self.namespace)/\(self.configuration.secretName), \(self.configuration.format), "
            + "registries: [\(self.configuration.distinctRegistries.map(\.host).joined(separator: ", "))])"
    }
}
