#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Foundation)
import Foundation
#endif

/// The file system ``Explainer`` reads a checkout through: listing directories and reading
/// files, with paths relative to the checkout root and `/` as separator.
///
/// Use ``LocalFileSystem`` for a directory on disk and ``InMemoryFileSystem`` in tests.
public protocol FleetFileSystem: Sendable {
    /// The entries of a directory, or nil when the path is not a directory.
    ///
    /// - Parameter path: A path relative to the root; `.` is the root.
    /// - Returns: The entry names and whether each is a directory.
    /// - Throws: When the directory exists but cannot be read.
    func entries(ofDirectory path: String) throws -> [(name: String, isDirectory: Bool)]?

    /// The contents of a file, or nil when there is no file at the path.
    ///
    /// - Parameter path: A path relative to the root.
    /// - Returns: The file's bytes.
    /// - Throws: When the file exists but cannot be read.
    func contents(ofFile path: String) throws -> [UInt8]?

    /// Whether anything exists at the path.
    ///
    /// - Parameter path: A path relative to the root.
    /// - Returns: True for a file or directory.
    func exists(_ path: String) -> Bool
}

/// Files and directories held in memory, for tests and examples.
public struct InMemoryFileSystem: FleetFileSystem {
    /// File contents by path relative to the root, for example `apps/nginx/fleet.yaml`.
    public var files: [String: [UInt8]]

    /// Creates a file system from text files; directories are implied by the paths.
    ///
    /// - Parameter files: File text by path.
    public init(files: [String: String]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    /// Lists a directory implied by the file paths.
    ///
    /// - Parameter path: The directory.
    /// - Returns: Its entries, or nil when no file lies under it.
    public func entries(ofDirectory path: String) throws -> [(name: String, isDirectory: Bool)]? {
        let prefix = Self.normalize(path).map { $0 + "/" } ?? ""
        var result: [String: Bool] = [:]
        for file in self.files.keys where file.hasPrefix(prefix) {
            let rest = file.dropFirst(prefix.count)
            if let slash = rest.firstIndex(of: "/") {
                result[String(rest[..<slash])] = true
            } else {
                result[String(rest)] = result[String(rest)] ?? false
            }
        }
        if result.isEmpty {
            return nil
        }
        return result.keys.sorted().map { ($0, result[$0] ?? false) }
    }

    /// The file's bytes.
    ///
    /// - Parameter path: The file.
    /// - Returns: Its bytes, or nil.
    public func contents(ofFile path: String) throws -> [UInt8]? {
        self.files[Self.normalize(path) ?? ""]
    }

    /// Whether a file or an implied directory exists.
    ///
    /// - Parameter path: The path.
    /// - Returns: True when it exists.
    public func exists(_ path: String) -> Bool {
        guard let normalized = Self.normalize(path) else {
            return true
        }
        return self.files[normalized] != nil || self.files.keys.contains { $0.hasPrefix(normalized + "/") }
    }

    /// `a/./b/` → `a/b`; the root (`.`, ``) → nil.
    static func normalize(_ path: String) -> String? {
        let parts = path.split(separator: "/").filter { $0 != "." && !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }
}

/// A directory on disk, read with Foundation's `FileManager`.
public struct LocalFileSystem: FleetFileSystem {
    /// The checkout's root directory.
    public var root: String

    /// Creates a file system rooted at a directory.
    ///
    /// - Parameter root: The checkout directory.
    public init(root: String) {
        self.root = root
    }

    private func absolute(_ path: String) -> String {
        guard let relative = InMemoryFileSystem.normalize(path) else {
            return self.root
        }
        return self.root + "/" + relative
    }

    /// Lists a directory.
    ///
    /// - Parameter path: The directory, relative to the root.
    /// - Returns: Its entries, or nil when it is not a directory.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/fileSystem`` when it cannot be read.
    public func entries(ofDirectory path: String) throws -> [(name: String, isDirectory: Bool)]? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: self.absolute(path), isDirectory: &isDirectory), isDirectory.boolValue else {
            return nil
        }
        do {
            let names = try manager.contentsOfDirectory(atPath: self.absolute(path)).sorted()
            return names.map { name in
                var dir: ObjCBool = false
                _ = manager.fileExists(atPath: self.absolute(path) + "/" + name, isDirectory: &dir)
                return (name, dir.boolValue)
            }
        } catch {
            throw FleetAuthError(code: .fileSystem, reason: "cannot list \(String(reflecting: path))")
        }
    }

    /// Reads a file.
    ///
    /// - Parameter path: The file, relative to the root.
    /// - Returns: Its bytes, or nil when there is no file.
    /// - Throws: ``FleetAuthError`` with ``FleetAuthError/Code/fileSystem`` when it cannot be read.
    public func contents(ofFile path: String) throws -> [UInt8]? {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: self.absolute(path), isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        guard let data = manager.contents(atPath: self.absolute(path)) else {
            throw FleetAuthError(code: .fileSystem, reason: "cannot read \(String(reflecting: path))")
        }
        return Array(data)
    }

    /// Whether a file or directory exists.
    ///
    /// - Parameter path: The path, relative to the root.
    /// - Returns: True when it exists.
    public func exists(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: self.absolute(path))
    }
}
