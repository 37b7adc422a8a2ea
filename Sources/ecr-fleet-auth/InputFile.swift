import Foundation

/// Reading the files a command is given, with one clear error for every way that fails.
enum InputFile {
    /// The largest input file read (a GitRepo, a fleet.yaml, a secrets-path.yaml).
    static let maximumSize = 4 * 1024 * 1024

    /// The text of `path`, or `-` for standard input.
    ///
    /// - Throws: ``ToolError`` (usage) when the file does not exist, is a directory, cannot be
    ///   read, is larger than ``maximumSize`` or is not UTF-8.
    static func text(_ path: String, what: String) throws -> String {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ToolError.usage("cannot read \(what) '\(path)': no such file")
            }
            guard !isDirectory.boolValue else {
                throw ToolError.usage("cannot read \(what) '\(path)': it is a directory")
            }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
            guard size <= Self.maximumSize else {
                throw ToolError.usage("cannot read \(what) '\(path)': larger than \(Self.maximumSize) bytes")
            }
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ToolError.usage("cannot read \(what) '\(path)': permission denied or unreadable")
            }
            data = contents
        }
        guard data.count <= Self.maximumSize else {
            throw ToolError.usage("cannot read \(what): larger than \(Self.maximumSize) bytes")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ToolError.usage("cannot read \(what) '\(path)': not UTF-8 text")
        }
        return text
    }

    /// Checks that `path` is a directory.
    ///
    /// - Throws: ``ToolError`` (usage) when it does not exist or is not a directory.
    static func requireDirectory(_ path: String, what: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ToolError.usage("\(what) '\(path)' does not exist")
        }
        guard isDirectory.boolValue else {
            throw ToolError.usage("\(what) '\(path)' is not a directory")
        }
    }
}

/// Writing to standard output.
enum Output {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
