import AWSSigV4
import AuthTransport
import Foundation
import HTTPTypes
import Testing

@testable import AWSCredentialProviders

/// The cross-SDK test descriptions of smithy-rs (`Resources/sdk-test-data`, Apache-2.0) for the
/// shared config parser, profile credential chains and IMDS endpoint configuration.
struct SharedConfigVectorTests {
    static func load(_ name: String) throws -> Data {
        let url = try #require(Bundle.module.url(forResource: "sdk-test-data/\(name)", withExtension: "json"))
        return try Data(contentsOf: url)
    }

    // MARK: Parser

    struct ParserCase: CustomTestStringConvertible, Sendable {
        var name: String
        var configFile: String?
        var credentialsFile: String?
        var expectedProfiles: [String: [String: String]]?
        var expectedError: String?
        var testDescription: String { self.name }
    }

    static func parserCases() throws -> [ParserCase] {
        let root = try #require(try JSONSerialization.jsonObject(with: load("profile-parser-tests")) as? [String: Any])
        let tests = try #require(root["tests"] as? [[String: Any]])
        return tests.map { test in
            let input = test["input"] as? [String: String] ?? [:]
            let output = test["output"] as? [String: Any] ?? [:]
            let profiles = ((output["config"] as? [String: Any])?["profiles"] as? [String: [String: String]])
            return ParserCase(
                name: test["name"] as? String ?? "?", configFile: input["configFile"], credentialsFile: input["credentialsFile"],
                expectedProfiles: profiles, expectedError: output["errorContaining"] as? String)
        }
    }

    /// Where the AWS SDK for Go v2, whose rules this package follows, deliberately differs from
    /// the cross-SDK suite. Go v2 never reports a parse error (it ignores what it cannot use),
    /// does not validate profile or property names, accepts `:` as a separator, trims only the
    /// start of continuation lines, and merges only the settings it knows between the config and
    /// credentials files.
    static let goV2Differences: [String: String] = [
        "Profile definitions must end with brackets.": "no parse errors: an unterminated [ line is ignored",
        "Properties must be defined in a profile.": "no parse errors: properties before a section are ignored",
        "Property key cannot be empty.": "no parse errors: an empty key is kept",
        "Property definitions must contain an equals sign.": "`key : value` is a property (':' separator)",
        "Continuations cannot be used outside of a profile.": "no parse errors: a stray continuation is ignored",
        "Continuations cannot be used outside of a property.": "no parse errors: a stray continuation is ignored",
        "Continuations reset with profile definitions.": "no parse errors: a stray continuation is ignored",
        "Invalid continuation": "no parse errors: a stray continuation is ignored",
        "Invalid sub-property definitions cause an error.": "no parse errors: the line is a continuation of an empty value and ignored",
        "Sub-property definitions cannot have an empty name.": "no parse errors: an empty sub-property key is kept",
        "Continuations are trimmed.": "continuation lines are trimmed on the left only",
        "Profile names support alphanumeric characters and - / . % @ _ : +": "profile names are not validated (foo!bar is a profile)",
        "Invalid profile names are ignored.": "profile names are not validated (\"in valid\" is a profile)",
        "properties from an invalid profile name are ignored": "profile names are not validated (\"in valid\" is a profile)",
        "Invalid property names are ignored.": "property names are not validated",
        "Profiles duplicated in multiple files are merged.": "only known settings (role_arn, region, …) merge across files",
        "Default profiles with mixed prefixes merge with credentials": "only known settings merge across files",
        "Duplicate properties between files uses credentials property.": "only known settings merge across files",
    ]

    /// The profiles as the suite writes them: sub-properties as `\nkey = value` lines.
    static func flattened(_ configuration: AWSSharedConfiguration) -> [String: [String: String]] {
        configuration.profiles.mapValues { profile in
            var properties = profile.properties
            for (key, sub) in profile.subProperties {
                properties[key] = sub.keys.sorted().map { "\n\($0) =" + (sub[$0]!.isEmpty ? "" : " \(sub[$0]!)") }.joined()
            }
            return properties
        }
    }

    @Test(arguments: try parserCases())
    func parserCase(_ vector: ParserCase) {
        let configuration = AWSSharedConfiguration(configFile: vector.configFile, credentialsFile: vector.credentialsFile)
        let actual = Self.flattened(configuration)
        let agrees = vector.expectedError == nil && actual == vector.expectedProfiles
        if let reason = Self.goV2Differences[vector.name] {
            #expect(!agrees, "listed as a Go v2 difference (\(reason)) but the suite's answer matches")
        } else {
            #expect(vector.expectedError == nil, "the suite expects an error containing \(vector.expectedError ?? "")")
            #expect(actual == vector.expectedProfiles)
        }
    }

    @Test func parserSuiteCoverage() throws {
        let cases = try Self.parserCases()
        #expect(cases.count == 64)
        let names = Set(cases.map(\.name))
        #expect(Self.goV2Differences.keys.allSatisfy(names.contains), "a listed difference names no test")
        #expect(cases.count - cases.filter { Self.goV2Differences[$0.name] != nil }.count == 46)
    }

    // MARK: Profile chains

    struct ChainCase: CustomTestStringConvertible, Sendable {
        var docs: String
        var profiles: [String: [String: String]]
        var selected: String
        var expectedChain: [[String: [String: String]]]?
        var expectedNamedSources: [Int: String]
        var expectedError: String?
        var testDescription: String { self.docs }
    }

    static func chainCases() throws -> [ChainCase] {
        let cases = try #require(try JSONSerialization.jsonObject(with: load("assume-role-tests")) as? [[String: Any]])
        return cases.map { test in
            let input = test["input"] as? [String: Any] ?? [:]
            let output = test["output"] as? [String: Any] ?? [:]
            var chain: [[String: [String: String]]]?
            var named: [Int: String] = [:]
            if let links = output["ProfileChain"] as? [[String: Any]] {
                chain = links.enumerated().map { index, link in
                    if let source = link["NamedSource"] as? String {
                        named[index] = source
                        return [:]
                    }
                    return link.compactMapValues { $0 as? [String: String] }
                }
            }
            return ChainCase(
                docs: test["docs"] as? String ?? "?", profiles: input["profile"] as? [String: [String: String]] ?? [:],
                selected: input["selected_profile"] as? String ?? "default", expectedChain: chain, expectedNamedSources: named,
                expectedError: output["Error"] as? String)
        }
    }

    /// The plan as the suite's list of links, base first.
    static func links(_ plan: ProfileCredentialPlan) -> [[String: [String: String]]] {
        switch plan {
        case .staticCredentials(let credentials, _):
            return [["AccessKey": ["access_key_id": credentials.accessKeyID, "secret_access_key": credentials.secretAccessKey]]]
        case .environment: return [["NamedSource": ["name": "Environment"]]]
        case .instanceMetadata: return [["NamedSource": ["name": "Ec2InstanceMetadata"]]]
        case .container: return [["NamedSource": ["name": "EcsContainer"]]]
        case .webIdentity(let roleARN, let tokenFile, let sessionName, _):
            var fields = ["role_arn": roleARN, "web_identity_token_file": tokenFile]
            fields["role_session_name"] = sessionName
            return [["WebIdentityToken": fields]]
        case .assumeRole(let settings, let source):
            var fields = ["role_arn": settings.roleARN]
            fields["role_session_name"] = settings.sessionName
            fields["external_id"] = settings.externalID
            return links(source) + [["AssumeRole": fields]]
        }
    }

    @Test(arguments: try chainCases())
    func profileChainCase(_ vector: ChainCase) throws {
        var text = ""
        for (name, properties) in vector.profiles.sorted(by: { $0.key < $1.key }) {
            text += "[profile \(name)]\n" + properties.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)\n" }.joined()
        }
        let configuration = AWSSharedConfiguration(configFile: text, credentialsFile: nil)
        if let expectedError = vector.expectedError {
            #expect(throws: AWSCredentialsError.self, "the suite expects: \(expectedError)") {
                guard try ProfileResolver.plan(for: vector.selected, in: configuration) != nil else {
                    throw AWSCredentialsError(code: .credentialsNotFound)
                }
            }
            return
        }
        let plan = try #require(try ProfileResolver.plan(for: vector.selected, in: configuration))
        var expected = try #require(vector.expectedChain)
        for (index, name) in vector.expectedNamedSources { expected[index] = ["NamedSource": ["name": name]] }
        #expect(Self.links(plan) == expected)
    }

    @Test func profileChainSuiteCoverage() throws {
        #expect(try Self.chainCases().count == 21)
    }

    // MARK: IMDS endpoint configuration

    struct IMDSCase: CustomTestStringConvertible, Sendable {
        var docs: String
        var env: [String: String]
        var fs: [String: String]
        var endpointOverride: String?
        var modeOverride: String?
        var ok: String?
        var error: String?
        var testDescription: String { self.docs }
    }

    static func imdsCases() throws -> [IMDSCase] {
        let root = try #require(try JSONSerialization.jsonObject(with: load("imds-tests")) as? [String: Any])
        let tests = try #require(root["tests"] as? [[String: Any]])
        return tests.map { test in
            let result = test["result"] as? [String: String] ?? [:]
            return IMDSCase(
                docs: test["docs"] as? String ?? "?", env: test["env"] as? [String: String] ?? [:],
                fs: test["fs"] as? [String: String] ?? [:], endpointOverride: test["endpoint_override"] as? String,
                modeOverride: test["mode_override"] as? String, ok: result["Ok"], error: result["Err"])
        }
    }

    @Test(arguments: try imdsCases().filter { $0.modeOverride == nil })
    func imdsEndpointCase(_ vector: IMDSCase) async throws {
        let environment = AWSEnvironment(variables: vector.env, fileSystem: AWSInMemoryFileSystem(vector.fs))
        let transport = ScriptedTransport(status: .notFound, body: "")
        let provider: InstanceMetadataCredentialsProvider
        if let override = vector.endpointOverride {
            provider = try InstanceMetadataCredentialsProvider(
                options: .init(endpoint: try #require(URL(string: override))), transport: transport, environment: environment)
        } else if let expectedError = vector.error {
            #expect(throws: AWSCredentialsError(code: .invalidConfiguration), "the suite expects: \(expectedError)") {
                _ = try InstanceMetadataCredentialsProvider.fromEnvironment(environment, transport: transport)
            }
            return
        } else {
            provider = try #require(try InstanceMetadataCredentialsProvider.fromEnvironment(environment, transport: transport))
        }
        _ = try? await provider.credentials()
        let first = try #require(transport.exchanges.first?.request)
        #expect(first.method == .put)
        #expect("\(first.scheme ?? "")://\(first.authority ?? "")\(first.path ?? "")" == vector.ok)
    }

    @Test func imdsSuiteCoverage() throws {
        let cases = try Self.imdsCases()
        #expect(cases.count == 13)
        // `mode_override` is a setting of the Rust client builder; here the mode is expressed by
        // choosing `Options.ipv4Endpoint` or `Options.ipv6Endpoint`, so those two cases do not apply.
        #expect(cases.filter { $0.modeOverride != nil }.count == 2)
    }
}
