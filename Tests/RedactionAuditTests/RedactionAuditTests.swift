import AWSCredentialProviders
import AWSSigV4
import AuthTransport
import ECRAuth
import ECRFleetAuth
import FleetAuth
import Foundation
import HTTPTypes
import Logging
import OCIReference
import Synchronization
import Testing

/// The package-wide redaction audit (issue 8): every public type that can hold a secret is built
/// with recognisable secrets and every printed form is searched for them; then a full run — ECR
/// token through the cache, rendering, a Kubernetes apply, failures on every layer — is logged at
/// trace level and its log output and error messages are searched too.
///
/// Each secret is searched raw, base64-encoded and percent-encoded, because that is how it travels.
struct RedactionAuditTests {
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYAUDITSECRET"
    static let sessionToken = "FwoGZXIvYXdzAUDITSESSIONTOKEN//////////wEaDH+/="
    static let ecrPassword = "eyJwYXlsb2FkIjoiQVVESVRFQ1JQQVNTV09SRCJ9"
    static let bearerToken = "eyJhbGciOiJSUzI1NiIsImtpZCI6IkFVRElUQkVBUkVSIn0"
    static let clientKey = "-----BEGIN EC PRIVATE KEY-----\nAUDITCLIENTKEY\n-----END EC PRIVATE KEY-----\n"
    static let helmPassword = "AUDIT-helm-password-7f3a"
    static let sshKey = "-----BEGIN OPENSSH PRIVATE KEY-----\nAUDITSSHKEY\n-----END OPENSSH PRIVATE KEY-----\n"
    static let containerToken = "AUDIT-container-authorization-token"
    static let externalID = "AUDIT-external-id-4411"

    static let secrets = [
        secretAccessKey, sessionToken, ecrPassword, bearerToken, "AUDITCLIENTKEY", helmPassword, "AUDITSSHKEY",
        containerToken, externalID,
    ]

    /// Every way a secret could show up in text.
    static let needles: [String] = secrets.flatMap { secret -> [String] in
        var forms = [secret, Data(secret.utf8).base64EncodedString()]
        if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) { forms.append(encoded) }
        // Base64 of "AWS:<password>" (the ECR authorization token) and of "user:password" forms.
        forms.append(Data("AWS:\(secret)".utf8).base64EncodedString())
        return forms
    }

    static func expectNoSecret(in text: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for needle in Self.needles where text.contains(needle) {
            Issue.record("\(what) contains a secret (\(needle.prefix(12))…): \(text.prefix(400))", sourceLocation: sourceLocation)
        }
    }

    /// Every way Swift turns a value into text.
    static func printedForms(of value: some Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        var nested = ""
        dump([value], to: &nested)
        return [
            String(describing: value), String(reflecting: value), "\(value)", dumped, nested,
            String(describing: Optional(value)), String(describing: [value]), "\(["key": value])",
            Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: ","),
        ]
    }

    static func audit(_ value: some Any, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in Self.printedForms(of: value) {
            Self.expectNoSecret(in: text, what, sourceLocation: sourceLocation)
        }
    }

    static var credentials: AWSCredentials {
        AWSCredentials(
            accessKeyID: "ASIAAUDITEXAMPLEKEY1", secretAccessKey: secretAccessKey, sessionToken: sessionToken,
            expiration: Date(timeIntervalSince1970: 2_000_000_000))
    }

    static let registry = ECRRegistry("123456789012.dkr.ecr.eu-central-1.amazonaws.com")

    static var token: ECRAuthorizationToken {
        ECRAuthorizationToken(
            username: "AWS", password: ecrPassword, registry: registry,
            proxyEndpoint: "https://123456789012.dkr.ecr.eu-central-1.amazonaws.com",
            expiresAt: Date(timeIntervalSince1970: 2_000_043_200), obtainedAt: Date(timeIntervalSince1970: 2_000_000_000))
    }

    /// The search itself: a planted secret, in any of its encodings, is found.
    @Test(arguments: [
        "token \(RedactionAuditTests.ecrPassword)",
        "auth=\(Data("AWS:\(RedactionAuditTests.ecrPassword)".utf8).base64EncodedString())",
        "data: \(Data(RedactionAuditTests.helmPassword.utf8).base64EncodedString())",
        "X-Amz-Security-Token=\(RedactionAuditTests.sessionToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")",
    ])
    func theSearchFindsPlantedSecrets(text: String) {
        withKnownIssue {
            Self.expectNoSecret(in: text, "planted")
        }
    }

    // MARK: Values

    @Test func awsCredentialsAndPayloads() {
        Self.audit(Self.credentials, "AWSCredentials")
        Self.audit(SigV4Payload.bytes(Array("secret=\(Self.secretAccessKey)".utf8)), "SigV4Payload")
    }

    @Test func credentialProviders() throws {
        let transport = ClosureHTTPTransport.responding(status: .ok)
        Self.audit(StaticCredentialsProvider(Self.credentials), "StaticCredentialsProvider")
        Self.audit(RefreshingCredentialsProvider(wrapping: StaticCredentialsProvider(Self.credentials)), "RefreshingCredentialsProvider")
        Self.audit(ContainerCredentialsProvider.Authorization.token(Self.containerToken), "ContainerCredentialsProvider.Authorization")
        let container = try ContainerCredentialsProvider(
            endpoint: URL(string: "http://169.254.170.23/v1/credentials")!,
            authorization: .token(Self.containerToken), transport: transport)
        Self.audit(container, "ContainerCredentialsProvider")
        let assumeRole = AssumeRoleCredentialsProvider(
            roleARN: "arn:aws:iam::123456789012:role/audit", externalID: Self.externalID,
            source: StaticCredentialsProvider(Self.credentials), sts: STSEndpointConfiguration(region: "eu-central-1"),
            transport: transport)
        Self.audit(assumeRole, "AssumeRoleCredentialsProvider")
        Self.audit(assumeRole.identity, "AWSCredentialsIdentity")
    }

    @Test func ecrTokens() {
        Self.audit(Self.token, "ECRAuthorizationToken")
    }

    @Test func fleetCredentialsAndSecrets() throws {
        let helm = HelmCredentials(username: "ci", password: Self.helmPassword, sshPrivateKey: Array(Self.sshKey.utf8))
        Self.audit(helm, "HelmCredentials")
        Self.audit(SecretsPathFile(entries: ["apps/*": helm]), "SecretsPathFile")
        let secret = KubernetesSecret.helmCredentials(name: "ecr-credentials", namespace: "fleet-default", credentials: helm)
        Self.audit(secret, "KubernetesSecret")
        var annotated = secret
        annotated.annotations["kubectl.kubernetes.io/last-applied-configuration"] = secret.jsonString()
        Self.audit(annotated, "KubernetesSecret with a last-applied annotation")
        // The rendered forms exist to carry the data; they must, and only they may.
        #expect(secret.jsonString().contains(Data(Self.helmPassword.utf8).base64EncodedString()))
    }

    @Test func kubernetesConfiguration() throws {
        let tls = KubernetesConfiguration.TLS(clientCertificatePEM: Array("CERT".utf8), clientKeyPEM: Array(Self.clientKey.utf8))
        Self.audit(tls, "KubernetesConfiguration.TLS")
        let authentication = KubernetesAuthentication.bearerToken(Self.bearerToken)
        Self.audit(authentication, "KubernetesAuthentication")
        let configuration = try KubernetesConfiguration(
            server: "https://10.0.0.1:443", namespace: "fleet-default", authentication: authentication, tls: tls)
        Self.audit(configuration, "KubernetesConfiguration")
    }

    // MARK: A logged run with failures on every layer

    @Test func aFullRunLogsNoSecret() async throws {
        let (logger, store) = AuditLog.logger()
        var errors: [String] = []
        let expiresAt = Date().addingTimeInterval(43_200).timeIntervalSince1970
        let authorizationToken = Data("AWS:\(Self.ecrPassword)".utf8).base64EncodedString()

        // ECR: a throttle (echoing the password back, as a hostile or buggy server might), then a token.
        let calls = Mutex(0)
        let ecrTransport = ClosureHTTPTransport { request, _ in
            let call = calls.withLock { value -> Int in
                value += 1
                return value
            }
            if call == 1 {
                let body = #"{"__type":"ThrottlingException","message":"slow down \#(Self.ecrPassword) \#(Self.secretAccessKey)"}"#
                return (HTTPResponse(status: .badRequest), Array(body.utf8))
            }
            let body = #"{"authorizationData":[{"authorizationToken":"\#(authorizationToken)","expiresAt":\#(expiresAt),"proxyEndpoint":"https://123456789012.dkr.ecr.eu-central-1.amazonaws.com"}]}"#
            return (HTTPResponse(status: .ok), Array(body.utf8))
        }
        let client = ECRClient(transport: ecrTransport, credentials: StaticCredentialsProvider(Self.credentials), region: "eu-central-1")
        let cache = ECRTokenCache(client: client)
        let token = try await cache.token(for: Self.registry, logger: logger)
        #expect(token.password == Self.ecrPassword)

        // ECR refusing the credentials outright.
        let refusing = ECRClient(
            transport: ClosureHTTPTransport { _, _ in
                let body = #"{"__type":"UnrecognizedClientException","message":"The security token \#(Self.sessionToken) is invalid."}"#
                return (HTTPResponse(status: .forbidden), Array(body.utf8))
            },
            credentials: StaticCredentialsProvider(Self.credentials), region: "eu-central-1")
        do {
            _ = try await ECRTokenCache(client: refusing).token(for: Self.registry, logger: logger)
            Issue.record("an unrecognized client must fail")
        } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
        }

        // Render and apply to Kubernetes: a 409 first, then a 422 that echoes the data back.
        let secret = KubernetesSecret.helmCredentials(
            name: "ecr-credentials", namespace: "fleet-default",
            credentials: HelmCredentials(username: token.username, password: token.password))
            .annotatingRefresh(refreshedAt: Date(), expiresAt: token.expiresAt)
        let echoed = secret.jsonString()
        let kubeCalls = Mutex(0)
        let kubeTransport = ClosureHTTPTransport { request, body in
            let call = kubeCalls.withLock { value -> Int in
                value += 1
                return value
            }
            switch (request.method, call) {
            case (.get, _):
                return (HTTPResponse(status: .notFound), Array(#"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"NotFound","code":404}"#.utf8))
            default:
                let message = "Secret \\\"ecr-credentials\\\" is invalid: data: \(echoed.replacingOccurrences(of: "\"", with: "\\\""))"
                let status = #"{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Invalid","code":422,"message":"\#(message)"}"#
                return (HTTPResponse(status: .init(code: 422)), Array(status.utf8))
            }
        }
        let configuration = try KubernetesConfiguration(
            server: "https://10.0.0.1:443", namespace: "fleet-default", authentication: .bearerToken(Self.bearerToken))
        let kube = KubernetesSecretClient(configuration: configuration, transport: kubeTransport)
        do {
            _ = try await kube.apply(secret, logger: logger)
            Issue.record("a 422 must fail")
        } catch {
            errors.append(String(describing: error))
            errors.append(String(reflecting: error))
            Self.audit(error, "KubernetesError")
        }

        // Signing errors with a poisoned token.
        let signer = SigV4Signer(service: "ecr", region: "eu-central-1")
        var poisoned = Self.credentials
        poisoned.sessionToken = Self.sessionToken + "\r\n"
        do {
            _ = try signer.sign(
                HTTPRequest(method: .post, scheme: "https", authority: "api.ecr.eu-central-1.amazonaws.com", path: "/"),
                payload: .empty, credentials: poisoned, date: Date())
        } catch {
            errors.append(String(describing: error))
        }

        #expect(!store.all.isEmpty, "the run logged nothing, so the search proves nothing")
        Self.expectNoSecret(in: store.text, "the log")
        for error in errors {
            Self.expectNoSecret(in: error, "an error message")
        }
        #expect(errors.count >= 5)
    }
}

/// A swift-log handler that records every message with its metadata, at trace level.
struct AuditLog: LogHandler {
    final class Store: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { self.lines.withLock { $0 } }
        var text: String { self.all.joined(separator: "\n") }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let rendered = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        self.store.lines.withLock { $0.append("[\(event.level)] \(event.message) \(rendered) \(event.source)") }
    }

    static func logger() -> (Logger, Store) {
        let store = Store()
        return (Logger(label: "audit") { _ in AuditLog(store: store) }, store)
    }
}
