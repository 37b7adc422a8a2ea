@testable import GoRegexp

/// The parse tree in the notation of Go's `regexp/syntax/parse_test.go` (`dump`), for example
/// `cat{lit{a}plus{lit{b}}}`.
enum ParseTreeDump {
    static func dump(_ node: Node) -> String {
        var text = ""
        Self.write(node, into: &text)
        return text
    }

    private static let names: [Op: String] = [
        .noMatch: "no", .emptyMatch: "emp", .literal: "lit", .charClass: "cc", .anyCharNotNL: "dnl",
        .anyChar: "dot", .beginLine: "bol", .endLine: "eol", .beginText: "bot", .endText: "eot",
        .wordBoundary: "wb", .noWordBoundary: "nwb", .capture: "cap", .star: "star", .plus: "plus",
        .quest: "que", .repeat: "rep", .concat: "cat", .alternate: "alt",
    ]

    private static func write(_ node: Node, into text: inout String) {
        switch node.op {
        case .star, .plus, .quest, .repeat:
            if node.flags.contains(.nonGreedy) {
                text += "n"
            }
            text += Self.names[node.op] ?? "?"
        case .literal:
            text += node.runes.count > 1 ? "str" : "lit"
            if node.flags.contains(.foldCase) && node.runes.contains(where: { CaseFolding.simpleFold($0) != $0 }) {
                text += "fold"
            }
        default:
            text += Self.names[node.op] ?? "op\(node.op.rawValue)"
        }
        text += "{"
        switch node.op {
        case .endText:
            if !node.flags.contains(.wasDollar) {
                text += "\\z"
            }
        case .literal:
            for r in node.runes {
                text.unicodeScalars.append(Unicode.Scalar(UInt32(r)) ?? "\u{FFFD}")
            }
        case .concat, .alternate:
            for sub in node.subs {
                Self.write(sub, into: &text)
            }
        case .star, .plus, .quest:
            Self.write(node.subs[0], into: &text)
        case .repeat:
            text += "\(node.min),\(node.max) "
            Self.write(node.subs[0], into: &text)
        case .capture:
            if !node.name.isEmpty {
                text += node.name + ":"
            }
            Self.write(node.subs[0], into: &text)
        case .charClass:
            var i = 0
            while i + 1 < node.runes.count {
                if i > 0 {
                    text += " "
                }
                let lo = node.runes[i]
                let hi = node.runes[i + 1]
                text += lo == hi ? Self.hex(lo) : Self.hex(lo) + "-" + Self.hex(hi)
                i += 2
            }
        default:
            break
        }
        text += "}"
    }

    private static func hex(_ r: Rune) -> String {
        "0x" + String(r, radix: 16)
    }
}
