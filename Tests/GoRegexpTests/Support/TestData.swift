import Foundation
import Testing

/// The test data files under `Resources/`.
enum TestData {
    /// The bytes of `Resources/<folder>/<name>`.
    static func bytes(_ folder: String, _ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: folder))
        return Array(try Data(contentsOf: url))
    }

    /// The lines of `Resources/<folder>/<name>` as text (the files are ASCII).
    static func lines(_ folder: String, _ name: String) throws -> [String] {
        let text = String(decoding: try Self.bytes(folder, name), as: UTF8.self)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" {
            lines.removeLast()
        }
        return lines
    }
}
