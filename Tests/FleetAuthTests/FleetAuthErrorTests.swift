import FleetAuth
import Testing

struct FleetAuthErrorTests {
    @Test func equalityComparesTheCodeOnly() {
        #expect(FleetAuthError(code: .invalidPattern, reason: "a") == FleetAuthError(code: .invalidPattern, reason: "b"))
        #expect(FleetAuthError(code: .invalidPattern) != FleetAuthError(code: .invalidGlob))
        #expect(Set([FleetAuthError(code: .invalidGlob, reason: "x"), FleetAuthError(code: .invalidGlob, reason: "y")]).count == 1)
    }

    @Test func descriptionSaysWhatAndWhere() {
        let error = FleetAuthError(code: .invalidField, reason: "helm.version: expected a string (line 3)", line: 3)
        #expect(error.description.hasPrefix("FleetAuthError.invalidField: helm.version: expected a string (line 3) ("))
        #expect(error.description.contains("FleetAuthErrorTests.swift"))
        #expect("\(FleetAuthError.Code.auditTooComplex)" == "auditTooComplex")
    }

    @Test func invalidSecretErrorsNeverQuoteTheValues() throws {
        do {
            _ = try KubernetesSecret.helmOp(name: "s", namespace: "n", credentials: HelmCredentials(username: "only-user-XYZ"))
        } catch let error as FleetAuthError {
            #expect(!error.description.contains("XYZ"))
        }
    }
}
