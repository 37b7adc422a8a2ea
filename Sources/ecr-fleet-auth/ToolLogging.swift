import ArgumentParser
import Foundation
import Logging
import Synchronization

/// `--log-level` and `--log-format`: the tool's structured log lines on standard error.
struct LogOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: ArgumentHelp("Log level: trace, debug, info, notice, warning, error, critical (default: info for rotate --watch, error otherwise, so a one-shot run prints only its result or one error line).", valueName: "level"))
    var logLevel: String?

    @Option(help: "Log line format: text (logfmt) or json.")
    var logFormat: Format = .text

    /// A logger writing to standard error. The library never creates loggers; the tool makes
    /// this one and passes it down.
    func makeLogger(label: String, defaultLevel: Logger.Level) throws -> Logger {
        var level = defaultLevel
        if let text = self.logLevel {
            guard let named = Logger.Level(rawValue: text.lowercased()) else {
                throw ToolError.usage("--log-level '\(text)' is not one of trace, debug, info, notice, warning, error, critical")
            }
            level = named
        }
        var logger = Logger(label: label) { label in StructuredLogHandler(label: label, format: self.logFormat) }
        logger.logLevel = level
        return logger
    }
}

/// Writes one line per log event to standard error, as logfmt
/// (`time=… level=info msg="…" key=value`) or as a JSON object. Values are written as the
/// library logged them; the library logs no secret.
struct StructuredLogHandler: LogHandler {
    let label: String
    let format: LogOptions.Format
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .info

    /// One write at a time, so lines from concurrent tasks never interleave.
    private static let lock = Mutex(())

    init(label: String, format: LogOptions.Format) {
        self.label = label
        self.format = format
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { self.metadata[key] }
        set { self.metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields = self.metadata
        if let extra = event.metadata { fields.merge(extra) { $1 } }
        let time = Date().formatted(.iso8601)
        let line: String
        switch self.format {
        case .text:
            var parts = ["time=\(time)", "level=\(event.level)", "msg=\(Self.logfmt("\(event.message)"))"]
            for key in fields.keys.sorted() {
                parts.append("\(key)=\(Self.logfmt(Self.flatten(fields[key])))")
            }
            line = parts.joined(separator: " ")
        case .json:
            var object: [String: String] = ["time": time, "level": "\(event.level)", "msg": "\(event.message)", "logger": self.label]
            for (key, value) in fields { object[key] = Self.flatten(value) }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
            line = String(decoding: data, as: UTF8.self)
        }
        Self.lock.withLock { _ in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    static func flatten(_ value: Logger.Metadata.Value?) -> String {
        switch value {
        case .none: return ""
        case .string(let text): return text
        case .stringConvertible(let convertible): return convertible.description
        case .array(let values): return values.map { flatten($0) }.joined(separator: ",")
        case .dictionary(let values): return values.keys.sorted().map { "\($0)=\(flatten(values[$0]))" }.joined(separator: ",")
        @unknown default: return "\(value.map { "\($0)" } ?? "")"
        }
    }

    /// A logfmt value: bare when it has no space, quote, `=` or control character; quoted with
    /// `\"`, `\\` and `\n` escapes otherwise.
    static func logfmt(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.unicodeScalars.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" || $0.value < 0x20 }
        guard needsQuotes else { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            default:
                if scalar.value < 0x20 {
                    quoted += String(format: "\\u%04x", scalar.value)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
