import ArgumentParser
import ECRAuth
import ECRFleetAuth
import FleetAuth
import Foundation
import Logging
import OCIReference

/// `ecr-fleet-auth rotate`: keep the Secret Fleet reads filled with a valid ECR password.
struct RotateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate",
        abstract: "Write the ECR password into the Secret Fleet reads, once or whenever it is due (--watch).",
        discussion: """
            Each run reads the Secret; if it already holds credentials that are not yet due for a \
            refresh (its ecr-fleet-auth/refreshed-at and expires-at annotations say so), nothing \
            else happens. Otherwise it gets a token from ECR (default AWS credential chain, or \
            --profile), renders the Secret and writes it, but only when the data changed: every \
            write restarts Fleet's git job. Writes are a create or a conditional update (409s are \
            re-read and retried); the Secret is never deleted. With --watch it sleeps until the \
            next refresh is due (checking at least every --resync-interval seconds), retries \
            failures with backoff, and on SIGTERM or SIGINT finishes the step in progress and \
            exits with status 0. Log lines go to standard error and never contain a secret.

            Formats: helm (the Secret of a GitRepo's helmSecretName: username and password), \
            secrets-path (helmSecretNameForPaths: secrets-path.yaml; give --path PATTERN[=HOST]), \
            dockerconfigjson (kubernetes.io/dockerconfigjson, one entry per registry).

            Kubernetes: --kubeconfig, else KUBECONFIG, else ~/.kube/config, else the pod's \
            service account. A cluster's own CA or a client certificate needs a build with \
            `--traits AsyncHTTPClient`; without it, use `kubectl proxy` (http://127.0.0.1:8001).

            EXAMPLES:
              ecr-fleet-auth rotate --namespace fleet-default --secret-name ecr-credentials \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com
              ecr-fleet-auth rotate --namespace fleet-default --secret-name ecr-credentials \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --watch --log-format json
              ecr-fleet-auth rotate --namespace web --secret-name ecr-pull --format dockerconfigjson \\
                  --registry 123456789012.dkr.ecr.eu-central-1.amazonaws.com --registry 123456789012.dkr.ecr.us-east-1.amazonaws.com
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case helm
        case secretsPath = "secrets-path"
        case dockerconfigjson
    }

    @Option(help: "The Secret's namespace (the GitRepo's; default: the kubeconfig context's or the pod's namespace).")
    var namespace: String?

    @Option(help: "The Secret's name (the GitRepo's helmSecretName).")
    var secretName: String

    @Option(name: .customLong("registry"), help: "An ECR registry host whose password the Secret holds (repeatable).")
    var registries: [String] = []

    @Option(help: "The Secret's shape: helm, secrets-path or dockerconfigjson.")
    var format: Format = .helm

    @Option(name: .customLong("path"), help: ArgumentHelp("For --format secrets-path: a bundle path or filepath.Match pattern, with =HOST when several registries are given (repeatable).", valueName: "pattern[=host]"))
    var paths: [String] = []

    @Option(name: .customLong("label"), help: ArgumentHelp("A label to add to the Secret (repeatable).", valueName: "key=value"))
    var labels: [String] = []

    @Flag(help: "Keep running: reconcile whenever the next refresh is due, until SIGTERM or SIGINT.")
    var watch = false

    @Option(help: "With --watch, check the Secret at least this often, in seconds (repairs a deleted Secret).")
    var resyncInterval: Int = 300

    @Flag(help: "Compare the Secret with fresh tokens even when it is not due (writes only if the data differs).")
    var force = false

    @Flag(help: "Take over an existing Secret that ecr-fleet-auth did not create (it gets the managed-by label).")
    var adopt = false

    @Option(help: "Refresh after this fraction of a token's 12-hour life (0.1 to 0.9).")
    var refreshRatio: Double = 0.5

    @OptionGroup var aws: AWSOptions
    @OptionGroup var kubernetes: KubernetesOptions
    @OptionGroup var logging: LogOptions

    func run() async throws {
        // From here on SIGTERM and SIGINT end the command cleanly instead of killing the process.
        let signals = ShutdownSignal()
        let registries = try AWSOptions.registries(self.registries)
        guard !registries.isEmpty else {
            throw ToolError.usage("rotate needs at least one --registry <host>")
        }
        try KubernetesNameCheck.secretName(self.secretName)
        if let namespace = self.namespace { try KubernetesNameCheck.namespace(namespace) }
        guard self.resyncInterval >= 1 else { throw ToolError.usage("--resync-interval must be at least 1 second") }
        guard self.refreshRatio.isFinite, (0.1...0.9).contains(self.refreshRatio) else {
            throw ToolError.usage("--refresh-ratio must be between 0.1 and 0.9")
        }
        let configuration = FleetECRSecretRotator.Configuration(
            secretName: self.secretName, namespace: self.namespace, registries: registries,
            format: try self.secretFormat(registries), labels: try self.parsedLabels(), adoptExistingSecret: self.adopt)
        do {
            try configuration.validate()
        } catch {
            throw ToolError.usage(error.reason)
        }
        let logger = try self.logging.makeLogger(label: "ecr-fleet-auth.rotate", defaultLevel: self.watch ? .info : .error)
        let ecr = try self.aws.makeClient(for: registries, transport: AWSTransport.make())
        let kubernetesConfiguration = try self.kubernetes.loadConfiguration()
        let (kubernetesClient, shutdown) = try KubernetesOptions.makeClient(kubernetesConfiguration)
        do {
            let rotator = try FleetECRSecretRotator(
                configuration: configuration, client: ecr, refreshPolicy: RefreshPolicy(ratio: self.refreshRatio),
                kubernetes: kubernetesClient)
            logger.info(
                "rotator starting",
                metadata: [
                    "kubernetes.secret": "\(rotator.namespace)/\(self.secretName)", "rotation.format": "\(configuration.format)",
                    "ecr.registries": "\(registries.map(\.host).joined(separator: ","))",
                    "kubernetes.server": "\(kubernetesConfiguration.server)", "rotation.watch": "\(self.watch)",
                ])
            if self.watch {
                await self.watchLoop(rotator, signals: signals, logger: logger)
            } else {
                let force = self.force
                let result = try await signals.step { try await rotator.reconcile(force: force, logger: logger) }
                Output.write(result.description + "\n")
            }
        } catch {
            await shutdown()
            throw error
        }
        await shutdown()
    }

    /// Reconciles until a signal arrives: sleeps until the next refresh (at most the resync
    /// interval), and after a failure waits with backoff and tries again.
    private func watchLoop(_ rotator: FleetECRSecretRotator, signals: ShutdownSignal, logger: Logger) async {
        var failures = 0
        var force = self.force
        while !signals.isRequested {
            let delay: Duration
            do {
                let forceNow = force
                let result = try await signals.step { try await rotator.reconcile(force: forceNow, logger: logger) }
                force = false
                failures = 0
                logger.info(
                    "reconciled",
                    metadata: [
                        "kubernetes.secret": "\(result.secret.namespace ?? rotator.namespace)/\(result.secret.name)",
                        "rotation.action": "\(result.action)", "rotation.reason": "\(result.reason)",
                        "rotation.expires_at": "\(result.expiresAt.map { $0.formatted(.iso8601) } ?? "unknown")",
                        "rotation.next_refresh": "\(result.nextRefresh.formatted(.iso8601))",
                    ])
                delay = .seconds(max(1, min(result.requeueAfter, Double(self.resyncInterval))))
            } catch {
                if signals.isRequested { break }
                failures += 1
                let wait = Self.retryDelay(after: error, failures: failures, rotator: rotator)
                let message = ToolError.from(error)?.message ?? "\(error)"
                logger.error(
                    "reconcile failed; retrying",
                    metadata: [
                        "error": "\(message.singleLine)", "rotation.failures": "\(failures)",
                        "rotation.retry_in_seconds": "\(Int(wait.rounded(.up)))",
                    ])
                delay = .seconds(max(1, min(wait, Double(self.resyncInterval))))
            }
            if await signals.sleep(for: delay) { break }
        }
        logger.info("rotator stopping after a signal; nothing is half written")
    }

    /// How long to wait after a failed reconcile: what the API server asked for, else when the
    /// token cache allows the next attempt, else the refresh policy's backoff.
    static func retryDelay(after error: any Error, failures: Int, rotator: FleetECRSecretRotator) -> Double {
        if let error = error as? KubernetesError, let retryAfter = error.retryAfter {
            return Double(retryAfter.components.seconds)
        }
        let backoff = rotator.refreshPolicy.backoff(afterFailures: failures, random: Double.random(in: 0..<1))
        if error is ECRAuthError, let next = rotator.tokens.nextRefresh(now: Date()), next > 0 {
            return min(next, max(backoff, 1))
        }
        return backoff
    }

    private func secretFormat(_ registries: [ECRRegistry]) throws -> FleetECRSecretRotator.SecretFormat {
        switch self.format {
        case .helm:
            guard self.paths.isEmpty else { throw ToolError.usage("--path needs --format secrets-path") }
            return .helmSecretName
        case .dockerconfigjson:
            guard self.paths.isEmpty else { throw ToolError.usage("--path needs --format secrets-path") }
            return .dockerConfigJSON
        case .secretsPath:
            guard !self.paths.isEmpty else { throw ToolError.usage("--format secrets-path needs at least one --path <pattern>[=<host>]") }
            var mapping: [String: ECRRegistry] = [:]
            for entry in self.paths {
                let pattern: String
                let registry: ECRRegistry
                if let equals = entry.lastIndex(of: "="), let named = ECRRegistry(String(entry[entry.index(after: equals)...])) {
                    pattern = String(entry[..<equals])
                    registry = named
                } else {
                    guard registries.count == 1, let only = registries.first else {
                        throw ToolError.usage("--path '\(entry)' names no registry; with several --registry give --path <pattern>=<host>")
                    }
                    (pattern, registry) = (entry, only)
                }
                guard !pattern.isEmpty else { throw ToolError.usage("--path '\(entry)' has an empty pattern") }
                guard mapping[pattern] == nil else { throw ToolError.usage("--path '\(pattern)' is given twice") }
                mapping[pattern] = registry
            }
            return .secretsPath(mapping)
        }
    }

    private func parsedLabels() throws -> [String: String] {
        var labels: [String: String] = [:]
        for entry in self.labels {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ToolError.usage("--label '\(entry)' is not key=value")
            }
            labels[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        return labels
    }
}
