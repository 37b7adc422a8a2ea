public import AWSSigV4
import AuthTransportURLSession
import AuthTransport
import Foundation
public import HTTPTypes

/// IAM calls against a ``MotoServer`` to set up users, keys, roles and policies for a test.
///
/// Without credentials, calls count against the server's `initialNoAuthActionCount`; they are
/// signed with a dummy key all the same, because moto picks the service from the signature's
/// credential scope (it does not check the signature while the budget lasts). With credentials,
/// calls are signed with them and moto verifies them.
public struct MotoIAMClient: Sendable {
    /// The server.
    public let server: MotoServer
    /// The credentials to sign with, or `nil` for unsigned calls.
    public let credentials: AWSCredentials?

    /// The key set-up calls are signed with so moto routes them to IAM; moto never checks it.
    public static let routingOnlyKey = AWSCredentials(accessKeyID: "AKIAMOTOSETUPROUTING", secretAccessKey: "not-checked")

    /// Sends an IAM query-protocol action and returns the response body.
    ///
    /// - Throws: ``MotoHarnessError`` for a non-2xx answer.
    @discardableResult
    public func call(_ action: String, _ parameters: [(String, String)]) async throws -> String {
        let (status, body) = try await self.server.query(
            service: "iam", action: action, version: "2010-05-08", parameters: parameters,
            credentials: self.credentials ?? MotoIAMClient.routingOnlyKey)
        guard (200..<300).contains(status) else {
            throw MotoHarnessError("IAM \(action) answered \(status): \(body.prefix(500))")
        }
        return body
    }

    /// Creates a user.
    public func createUser(_ name: String) async throws {
        try await self.call("CreateUser", [("UserName", name)])
    }

    /// Creates an access key for a user and returns it.
    public func createAccessKey(user: String) async throws -> AWSCredentials {
        let body = try await self.call("CreateAccessKey", [("UserName", user)])
        guard let id = MotoXML.text(of: "AccessKeyId", in: body), let secret = MotoXML.text(of: "SecretAccessKey", in: body) else {
            throw MotoHarnessError("CreateAccessKey returned no key: \(body.prefix(300))")
        }
        return AWSCredentials(accessKeyID: id, secretAccessKey: secret)
    }

    /// Attaches an inline policy to a user.
    public func putUserPolicy(user: String, name: String, document: String) async throws {
        try await self.call("PutUserPolicy", [("UserName", user), ("PolicyName", name), ("PolicyDocument", document)])
    }

    /// Creates a role and returns its ARN.
    public func createRole(_ name: String, trustPolicy: String = MotoPolicy.trustAnyone) async throws -> String {
        let body = try await self.call("CreateRole", [("RoleName", name), ("AssumeRolePolicyDocument", trustPolicy)])
        guard let arn = MotoXML.text(of: "Arn", in: body) else {
            throw MotoHarnessError("CreateRole returned no ARN: \(body.prefix(300))")
        }
        return arn
    }

    /// Attaches an inline policy to a role.
    public func putRolePolicy(role: String, name: String, document: String) async throws {
        try await self.call("PutRolePolicy", [("RoleName", role), ("PolicyName", name), ("PolicyDocument", document)])
    }
}

/// IAM policy documents for tests.
public enum MotoPolicy {
    /// Allows the given actions on every resource.
    public static func allow(_ actions: [String]) -> String {
        let list = actions.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":[\#(list)],"Resource":"*"}]}"#
    }

    /// A trust policy any principal of the account may assume (by role or web identity).
    public static let trustAnyone =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":["sts:AssumeRole","sts:AssumeRoleWithWebIdentity"]}]}"#
}

extension MotoServer {
    /// An IAM client that signs with `credentials`, or sends unsigned requests when `nil`.
    public func iam(credentials: AWSCredentials? = nil) -> MotoIAMClient {
        MotoIAMClient(server: self, credentials: credentials)
    }

    /// Creates a user with an access key and an inline policy allowing `actions`, with three
    /// unsigned calls (start the server with `initialNoAuthActionCount: 3` or more), and returns
    /// the key.
    public func bootstrapUser(named name: String, allowing actions: [String]) async throws -> AWSCredentials {
        let iam = self.iam()
        try await iam.createUser(name)
        let key = try await iam.createAccessKey(user: name)
        try await iam.putUserPolicy(user: name, name: "\(name)-policy", document: MotoPolicy.allow(actions))
        return key
    }

    /// Sends a query-protocol request (`Action=…&Version=…`, form-encoded like botocore) to the
    /// server, signed for `service` when `credentials` are given.
    public func query(
        service: String,
        action: String,
        version: String,
        parameters: [(String, String)],
        credentials: AWSCredentials?
    ) async throws -> (status: Int, body: String) {
        let pairs = [("Action", action), ("Version", version)] + parameters
        let body = Array(pairs.map { "\(MotoForm.encode($0.0))=\(MotoForm.encode($0.1))" }.joined(separator: "&").utf8)
        var request = HTTPRequest(method: .post, scheme: "http", authority: self.authority, path: "/")
        request.headerFields[.contentType] = "application/x-www-form-urlencoded; charset=utf-8"
        if let credentials {
            request = try SigV4Signer(service: service, region: self.region)
                .sign(request, payload: .bytes(body), credentials: credentials, date: Date())
        }
        let (response, responseBody) = try await self.transport.send(request, body: body)
        return (response.status.code, String(decoding: responseBody, as: UTF8.self))
    }
}

extension MotoServer {
    /// Sends an AWS JSON-protocol request (`POST /`, `X-Amz-Target`, `application/x-amz-json-1.1`)
    /// signed for `service`, for example ECR's
    /// `AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken` with body `{}`.
    ///
    /// Errors come back as they are: moto answers a bad signature with an XML body even here.
    public func awsJSON(
        service: String,
        target: String,
        body: String = "{}",
        credentials: AWSCredentials
    ) async throws -> (status: Int, headers: HTTPFields, body: String) {
        var request = HTTPRequest(method: .post, scheme: "http", authority: self.authority, path: "/")
        request.headerFields[.contentType] = "application/x-amz-json-1.1"
        request.headerFields[.xAmzTarget] = target
        let bytes = Array(body.utf8)
        request = try SigV4Signer(service: service, region: self.region)
            .sign(request, payload: .bytes(bytes), credentials: credentials, date: Date())
        let (response, responseBody) = try await self.transport.send(request, body: bytes)
        return (response.status.code, response.headerFields, String(decoding: responseBody, as: UTF8.self))
    }
}

/// Form encoding as botocore does it: everything but `A–Z a–z 0–9 - _ . ~` is `%XX`.
enum MotoForm {
    static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                result += String(format: "%%%02X", byte)
            }
        }
        return result
    }
}

/// Pulls element text out of moto's small XML answers (test support only).
public enum MotoXML {
    /// The text of the first `<name>` element, or `nil`.
    public static func text(of name: String, in xml: String) -> String? {
        guard let start = xml.range(of: "<\(name)>"), let end = xml.range(of: "</\(name)>", range: start.upperBound..<xml.endIndex) else {
            return nil
        }
        return String(xml[start.upperBound..<end.lowerBound])
    }
}
