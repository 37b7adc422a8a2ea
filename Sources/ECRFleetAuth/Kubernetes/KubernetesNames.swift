/// The naming rules of the Kubernetes API (`k8s.io/apimachinery/pkg/util/validation`), checked
/// before anything is sent, so a bad name never reaches a URL and fails with a clear error.
enum KubernetesNames {
    /// An RFC 1123 subdomain of at most 253 characters (Secret names): dot-separated labels of
    /// lowercase letters, digits and `-`, each starting and ending with a letter or digit.
    static func isSubdomain(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { isLabelBytes($0) }
    }

    /// An RFC 1123 label of at most 63 characters (namespace names).
    static func isLabel(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        return bytes.count <= 63 && isLabelBytes(bytes[...])
    }

    private static func isLabelBytes(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first, let last = bytes.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
        else { return false }
        return bytes.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
    }

    /// Why `key` is not a valid Secret data key (`IsConfigMapKey`), or `nil` when it is.
    static func dataKeyProblem(_ key: String) -> String? {
        let bytes = key.utf8
        if bytes.isEmpty { return "a data key must not be empty" }
        if bytes.count > 253 { return "a data key must be no more than 253 characters" }
        guard bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") })
        else {
            return "a data key must consist of alphanumeric characters, '-', '_' or '.'"
        }
        if key == "." || key == ".." { return "a data key must not be '\(key)'" }
        if key.hasPrefix("..") { return "a data key must not start with '..'" }
        return nil
    }

    /// Why `key` is not a valid label or annotation key (`IsQualifiedName`: an optional DNS
    /// subdomain prefix and `/`, then a name of at most 63 characters), or `nil` when it is.
    static func qualifiedNameProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false)
        let name: Substring
        switch parts.count {
        case 1:
            name = parts[0]
        case 2:
            guard !parts[0].isEmpty else { return "the prefix part of a qualified name must not be empty" }
            guard isSubdomain(String(parts[0])) else { return "the prefix part of a qualified name must be a DNS subdomain" }
            name = parts[1]
        default:
            return "a qualified name must have at most one '/'"
        }
        guard !name.isEmpty else { return "the name part of a qualified name must not be empty" }
        guard name.utf8.count <= 63 else { return "the name part of a qualified name must be no more than 63 characters" }
        guard isQualifiedNamePart(name.utf8) else {
            return "the name part of a qualified name must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character"
        }
        return nil
    }

    /// Why `value` is not a valid label value (empty, or at most 63 characters of the qualified
    /// name alphabet, starting and ending with an alphanumeric character), or `nil` when it is.
    static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        guard value.utf8.count <= 63 else { return "a label value must be no more than 63 characters" }
        guard isQualifiedNamePart(value[...].utf8) else {
            return "a label value must consist of alphanumeric characters, '-', '_' or '.', "
                + "and must start and end with an alphanumeric character"
        }
        return nil
    }

    private static func isQualifiedNamePart(_ utf8: Substring.UTF8View) -> Bool {
        let bytes = Array(utf8)
        guard let first = bytes.first, isAlphanumeric(first), let last = bytes.last, isAlphanumeric(last) else {
            return false
        }
        return bytes.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    private static func isLowerAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        isLowerAlphanumeric(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}
