import ArgumentParser
import Foundation
import OCIReference

/// `ecr-fleet-auth parse`: the fields of an image or chart reference and of its ECR registry.
struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Show the parts of an image or oci:// chart reference and, for ECR, the registry's account, region and partition.",
        discussion: """
            Image references are read as Docker does (nginx:1.27 is docker.io/library/nginx:1.27); \
            --strict reads them as distribution/reference's Parse (nothing defaulted). Chart \
            references start with oci:// and are read as Helm and Fleet read them (version + becomes \
            _ in the tag, the login host is host[:port]). A bare host or URL is read as a registry.

            EXAMPLES:
              ecr-fleet-auth parse 123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/nginx:19.0.1
              ecr-fleet-auth parse oci://123456789012.dkr.ecr.eu-central-1.amazonaws.com/charts/nginx:19.0.1 --json
              ecr-fleet-auth parse https://public.ecr.aws
            """
    )

    @Argument(help: "An image reference, an oci:// chart reference, or a registry host or URL.")
    var reference: String

    @Flag(help: "Read image references exactly (distribution/reference Parse): no docker.io or library/ defaults.")
    var strict = false

    @Flag(help: "Print JSON (keys sorted) instead of aligned text.")
    var json = false

    func run() throws {
        let fields = try self.describe()
        if self.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(fields)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        } else {
            let width = fields.keys.map(\.count).max() ?? 0
            var text = ""
            for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
                text += key.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + value.text + "\n"
            }
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    /// A field's value: text, a flag, or nothing.
    enum Value: Encodable {
        case text(String)
        case flag(Bool)
        case absent

        var text: String {
            switch self {
            case .text(let text): return text
            case .flag(let flag): return flag ? "yes" : "no"
            case .absent: return "-"
            }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .flag(let flag): try container.encode(flag)
            case .absent: try container.encodeNil()
            }
        }
    }

    func describe() throws -> [String: Value] {
        var fields: [String: Value] = ["input": .text(self.reference)]
        let registryHost: String
        do {
            if OCIChartReference.isOCI(self.reference) {
                let chart = try OCIChartReference(parsing: self.reference)
                fields["kind"] = .text("chart")
                fields["registry"] = .text(chart.registry)
                fields["repository"] = .text(chart.repository)
                fields["chart"] = .text(chart.chartName)
                fields["tag"] = chart.tag.map(Value.text) ?? .absent
                fields["version"] = chart.chartVersion.map(Value.text) ?? .absent
                fields["digest"] = chart.digest.map(Value.text) ?? .absent
                fields["loginHost"] = .text(chart.loginHost)
                registryHost = chart.registry
            } else if self.reference.contains("://") || (!self.reference.contains("/") && ECRRegistry(self.reference) != nil) {
                // A URL, or a bare ECR host (which Docker would otherwise read as library/<host>).
                fields["kind"] = .text("registry")
                registryHost = self.reference
            } else {
                let image = self.strict ? try OCIReference(parsing: self.reference) : try OCIReference(normalizing: self.reference)
                fields["kind"] = .text("image")
                fields["registry"] = image.registry.isEmpty ? .absent : .text(image.registry)
                fields["repository"] = .text(image.repository)
                fields["tag"] = image.tag.map(Value.text) ?? .absent
                fields["digest"] = image.digest.map(Value.text) ?? .absent
                fields["name"] = .text(image.name)
                fields["familiar"] = .text(image.familiarString)
                registryHost = image.registry
            }
        } catch let error as OCIReferenceError {
            throw ToolError.usage("'\(self.reference)' is not a valid reference: \(error.reason)")
        }

        if let registry = ECRRegistry(registryHost) {
            fields["ecr"] = .flag(true)
            fields["ecrHost"] = .text(registry.host)
            fields["ecrAccountID"] = registry.accountID.map(Value.text) ?? .absent
            fields["ecrRegion"] = .text(registry.region)
            fields["ecrPartition"] = .text(registry.partition.id)
            fields["ecrDNSSuffix"] = .text(registry.dnsSuffix)
            fields["ecrFIPS"] = .flag(registry.isFIPS)
            fields["ecrDualStack"] = .flag(registry.isDualStack)
            fields["ecrPublic"] = .flag(registry.isPublic)
        } else {
            fields["ecr"] = .flag(false)
            if fields["kind"]?.text == "registry" {
                throw ToolError.usage("'\(self.reference)' is neither a reference nor an ECR registry host")
            }
        }
        return fields
    }
}
