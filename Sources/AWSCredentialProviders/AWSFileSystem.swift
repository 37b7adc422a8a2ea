#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where providers read files from: the shared config and credentials files, web identity token
/// files, container authorization token files.
///
/// Providers read every file through this protocol, so tests (and programs that keep their
/// configuration elsewhere) can supply files without touching the disk. ``AWSLocalFileSystem``
/// reads the real file system; ``AWSInMemoryFileSystem`` serves files from a dictionary.
public protocol AWSFileSystem: Sendable {
    /// Reads a whole file.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limit: The largest size in bytes the caller accepts.
    /// - Returns: The file's bytes, or `nil` when no file exists at `path`.
    /// - Throws: ``AWSCredentialsError`` with code ``AWSCredentialsError/Code/fileUnreadable``
    ///   when the file exists but cannot be read or is larger than `limit`.
    func contents(atPath path: String, limit: Int) throws -> [UInt8]?
}

/// The real file system, read with POSIX `open` and `read`.
///
/// A file larger than the limit is refused after reading at most `limit + 1` bytes, so a huge or
/// endless file (a FIFO, `/dev/zero`) cannot exhaust memory.
public struct AWSLocalFileSystem: AWSFileSystem {
    /// Creates the local file system.
    public init() {}

    /// Reads a file from disk.
    ///
    /// - Parameters:
    ///   - path: The file's path.
    ///   - limit: The largest size in bytes accepted.
    /// - Returns: The bytes, or `nil` when the path does not exist (or a path component is not a
    ///   directory).
    /// - Throws: ``AWSCredentialsError/Code/fileUnreadable`` for any other failure, and for files
    ///   larger than `limit`.
    public func contents(atPath path: String, limit: Int) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY)
        if descriptor < 0 {
            let error = errno
            if error == ENOENT || error == ENOTDIR { return nil }
            throw AWSCredentialsError(
                code: .fileUnreadable, reason: "cannot open \(path): \(Self.describe(errno: error))")
        }
        defer { close(descriptor) }

        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                read(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                let error = errno
                if error == EINTR { continue }
                throw AWSCredentialsError(
                    code: .fileUnreadable, reason: "cannot read \(path): \(Self.describe(errno: error))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit {
                throw AWSCredentialsError(
                    code: .fileUnreadable, reason: "\(path) is larger than \(limit) bytes")
            }
        }
        return bytes
    }

    private static func describe(errno error: Int32) -> String {
        guard let message = strerror(error) else { return "error \(error)" }
        return String(cString: message)
    }
}

/// Files held in memory: for tests, and for programs that get their AWS configuration from
/// somewhere other than the disk.
///
/// ```swift
/// let files = AWSInMemoryFileSystem([
///     "/home/app/.aws/config": "[profile ci]\nrole_arn = arn:aws:iam::111122223333:role/ci\n",
/// ])
/// ```
public struct AWSInMemoryFileSystem: AWSFileSystem, CustomStringConvertible, CustomReflectable {
    /// The files, by path.
    public var files: [String: [UInt8]]

    /// Creates a file system from file contents as text.
    ///
    /// - Parameter files: The UTF-8 text of each file, by path.
    public init(_ files: [String: String] = [:]) {
        self.files = files.mapValues { Array($0.utf8) }
    }

    /// Creates a file system from file contents as bytes.
    ///
    /// - Parameter files: The bytes of each file, by path.
    public init(bytes files: [String: [UInt8]]) {
        self.files = files
    }

    /// Returns a file's bytes.
    ///
    /// - Parameters:
    ///   - path: The file's path, exactly as stored.
    ///   - limit: The largest size in bytes accepted.
    /// - Returns: The bytes, or `nil` when there is no such file.
    /// - Throws: ``AWSCredentialsError/Code/fileUnreadable`` when the file is larger than `limit`.
    public func contents(atPath path: String, limit: Int) throws -> [UInt8]? {
        guard let bytes = self.files[path] else { return nil }
        guard bytes.count <= limit else {
            throw AWSCredentialsError(code: .fileUnreadable, reason: "\(path) is larger than \(limit) bytes")
        }
        return bytes
    }

    /// The paths and sizes of the files; never their contents, which may be secret.
    public var description: String {
        let listing = self.files.keys.sorted().map { "\($0) (\(self.files[$0]?.count ?? 0) bytes)" }
        return "AWSInMemoryFileSystem(\(listing.joined(separator: ", ")))"
    }

    /// A mirror that shows the paths only, so `dump()` does not reveal file contents.
    public var customMirror: Mirror {
        Mirror(self, children: ["paths": self.files.keys.sorted()], displayStyle: .struct)
    }
}
