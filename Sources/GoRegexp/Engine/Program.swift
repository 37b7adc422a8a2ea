/// An instruction opcode (Go's `syntax.InstOp`, with the rune variants kept apart).
enum InstOp: UInt8 {
    /// Try `out`, then `arg` (in that priority order).
    case alt
    /// Record the position in capture slot `arg`, then continue at `out`.
    case capture
    /// Continue at `out` if the empty-width assertion `arg` holds here.
    case emptyWidth
    /// A match.
    case match
    /// No match.
    case fail
    /// Continue at `out`.
    case nop
    /// Consume a rune in the class stored at `lo..<hi` of the program's range pool.
    case rune
    /// Consume exactly the rune `lo`.
    case rune1
    /// Consume any rune.
    case runeAny
    /// Consume any rune but newline.
    case runeAnyNotNL

    /// Whether the instruction consumes a rune.
    var consumesRune: Bool {
        switch self {
        case .rune, .rune1, .runeAny, .runeAnyNotNL: return true
        default: return false
        }
    }
}

/// Empty-width assertions (Go's `syntax.EmptyOp`), as bits.
struct EmptyOp: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    static let beginLine = EmptyOp(rawValue: 1 << 0)
    static let endLine = EmptyOp(rawValue: 1 << 1)
    static let beginText = EmptyOp(rawValue: 1 << 2)
    static let endText = EmptyOp(rawValue: 1 << 3)
    static let wordBoundary = EmptyOp(rawValue: 1 << 4)
    static let noWordBoundary = EmptyOp(rawValue: 1 << 5)

    /// The assertions that hold between the runes `before` and `after`; -1 stands for the
    /// beginning or the end of the text (Go's `EmptyOpContext`).
    static func context(before: Rune, after: Rune) -> EmptyOp {
        var op: EmptyOp = .noWordBoundary
        var boundary = false
        if isWordRune(before) {
            boundary = true
        } else if before == 0x0A {
            op.insert(.beginLine)
        } else if before < 0 {
            op.formUnion([.beginText, .beginLine])
        }
        if isWordRune(after) {
            boundary.toggle()
        } else if after == 0x0A {
            op.insert(.endLine)
        } else if after < 0 {
            op.formUnion([.endText, .endLine])
        }
        if boundary {
            op.formSymmetricDifference([.wordBoundary, .noWordBoundary])
        }
        return op
    }
}

/// Whether `r` is a word character for `\b` and `\B`: ASCII letters, digits and underscore.
@inline(__always)
func isWordRune(_ r: Rune) -> Bool {
    (r >= 0x61 && r <= 0x7A) || (r >= 0x41 && r <= 0x5A) || (r >= 0x30 && r <= 0x39) || r == 0x5F
}

/// One instruction of a compiled program.
struct Instruction: Sendable {
    var op: InstOp
    /// The next instruction (for all but match and fail).
    var out: UInt32 = 0
    /// The alternative (alt), capture slot (capture) or assertion bits (emptyWidth).
    var arg: UInt32 = 0
    /// For rune1, the rune; for rune, the start of the class in the range pool.
    var lo: Int32 = 0
    /// For rune, the end of the class in the range pool.
    var hi: Int32 = 0
    /// For a case-insensitive literal rune, the rune as written (its class is the fold orbit); else -1.
    var foldedRune: Int32 = -1
}

/// A compiled program: instructions, the class ranges they share, and the entry point.
struct Program: Sendable {
    var instructions: [Instruction]
    /// Class ranges `[lo0, hi0, lo1, hi1, ...]`, each class a slice `lo..<hi` of this pool.
    var ranges: [Rune]
    var start: Int
    /// Capture slots the program writes (2 for the whole match plus 2 per group it mentions).
    var numCap: Int

    /// Whether instruction `inst` (which consumes a rune) accepts `r`.
    func accepts(_ inst: Instruction, _ r: Rune) -> Bool {
        self.ranges.withUnsafeBufferPointer { Program.accepts(inst, r, $0) }
    }

    /// Whether instruction `inst` (which consumes a rune) accepts `r`, given the range pool.
    @inline(__always)
    static func accepts(_ inst: Instruction, _ r: Rune, _ ranges: UnsafeBufferPointer<Rune>) -> Bool {
        switch inst.op {
        case .rune1:
            return r == inst.lo
        case .runeAny:
            return true
        case .runeAnyNotNL:
            return r != 0x0A
        case .rune:
            return Program.classContains(ranges, Int(inst.lo), Int(inst.hi), r)
        default:
            return false
        }
    }

    /// Whether the class at `lo..<hi` of `ranges` contains `r`.
    @inline(__always)
    static func classContains(_ ranges: UnsafeBufferPointer<Rune>, _ lo: Int, _ hi: Int, _ r: Rune) -> Bool {
        let pairs = (hi - lo) >> 1
        if pairs <= 4 {
            var i = lo
            while i < hi {
                if r < ranges[i] {
                    return false
                }
                if r <= ranges[i + 1] {
                    return true
                }
                i += 2
            }
            return false
        }
        var a = 0
        var b = pairs
        while a < b {
            let m = (a + b) >> 1
            let base = lo + 2 * m
            if ranges[base] <= r {
                if r <= ranges[base + 1] {
                    return true
                }
                a = m + 1
            } else {
                b = m
            }
        }
        return false
    }

    /// The empty-width assertions every match must satisfy at its start (Go's `Prog.StartCond`),
    /// or nil when the program can match nothing.
    func startCondition() -> EmptyOp? {
        var flags: EmptyOp = []
        var pc = self.start
        while true {
            let inst = self.instructions[pc]
            switch inst.op {
            case .emptyWidth:
                flags.formUnion(EmptyOp(rawValue: UInt8(truncatingIfNeeded: inst.arg)))
            case .fail:
                return nil
            case .capture, .nop:
                break
            default:
                return flags
            }
            pc = Int(inst.out)
        }
    }

    /// A readable listing, in the format of Go's `Prog.String` (for tests).
    var dump: String {
        var text = ""
        for (index, inst) in self.instructions.enumerated() {
            var pc = String(index)
            if pc.count < 3 {
                text += String(repeating: " ", count: 3 - pc.count)
            }
            if index == self.start {
                pc += "*"
            }
            text += pc + "\t"
            switch inst.op {
            case .alt: text += "alt -> \(inst.out), \(inst.arg)"
            case .capture: text += "cap \(inst.arg) -> \(inst.out)"
            case .emptyWidth: text += "empty \(inst.arg) -> \(inst.out)"
            case .match: text += "match"
            case .fail: text += "fail"
            case .nop: text += "nop -> \(inst.out)"
            case .rune where inst.foldedRune >= 0:
                text += "rune \(Program.quote([inst.foldedRune]))/i -> \(inst.out)"
            case .rune:
                let runes = self.ranges[Int(inst.lo)..<Int(inst.hi)]
                text += "rune \(Program.quote(Array(runes))) -> \(inst.out)"
            case .rune1: text += "rune1 \(Program.quote([inst.lo])) -> \(inst.out)"
            case .runeAny: text += "any -> \(inst.out)"
            case .runeAnyNotNL: text += "anynotnl -> \(inst.out)"
            }
            text += "\n"
        }
        return text
    }

    /// Go's `strconv.QuoteToASCII` of the runes (enough of it for test listings).
    private static func quote(_ runes: [Rune]) -> String {
        var text = "\""
        for r in runes {
            switch r {
            case 0x07: text += "\\a"
            case 0x08: text += "\\b"
            case 0x0C: text += "\\f"
            case 0x0A: text += "\\n"
            case 0x0D: text += "\\r"
            case 0x09: text += "\\t"
            case 0x0B: text += "\\v"
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(UInt8(r)))
            case ..<0x80: text += "\\x" + Program.hex(r, width: 2)
            case ..<0x10000: text += "\\u" + Program.hex(r, width: 4)
            default: text += "\\U" + Program.hex(r, width: 8)
            }
        }
        return text + "\""
    }

    private static func hex(_ r: Rune, width: Int) -> String {
        let digits = String(r, radix: 16)
        return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
