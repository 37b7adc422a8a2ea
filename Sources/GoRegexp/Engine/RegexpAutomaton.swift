/// A read-only view of a compiled pattern as a Thompson automaton, for other modules of this
/// package that reason about the whole language a pattern matches (FleetAuth's leak audit builds
/// the product of this automaton with a URL automaton).
///
/// This is `package` API: it is not part of GoRegexp's public interface and may change with the
/// engine. Each instruction is one of Go's instruction kinds with its successors; rune sets are
/// sorted, disjoint ranges of code points. Captures and no-ops are plain ε-moves.
package struct GoRegexpAutomaton: Sendable {
    /// Empty-width assertions (Go's `syntax.EmptyOp`).
    package struct Assertions: OptionSet, Hashable, Sendable {
        package let rawValue: UInt8

        package init(rawValue: UInt8) {
            self.rawValue = rawValue
        }

        /// `^` under `(?m)`.
        package static let beginLine = Assertions(rawValue: 1 << 0)
        /// `$` under `(?m)`.
        package static let endLine = Assertions(rawValue: 1 << 1)
        /// `^` and `\A`.
        package static let beginText = Assertions(rawValue: 1 << 2)
        /// `$` and `\z`.
        package static let endText = Assertions(rawValue: 1 << 3)
        /// `\b`.
        package static let wordBoundary = Assertions(rawValue: 1 << 4)
        /// `\B`.
        package static let noWordBoundary = Assertions(rawValue: 1 << 5)

        /// The assertions that hold between the runes `before` and `after` (code points; -1 for
        /// the start or the end of the text), as Go's `EmptyOpContext`.
        package static func context(before: Int32, after: Int32) -> Assertions {
            Assertions(rawValue: EmptyOp.context(before: before, after: after).rawValue)
        }
    }

    /// One instruction.
    package enum Instruction: Sendable, Hashable {
        /// No match along this path.
        case fail
        /// A match ends here.
        case match
        /// Continue at both targets (the first has priority).
        case split(Int, Int)
        /// Continue at the target without consuming anything (captures, no-ops).
        case epsilon(Int)
        /// Continue at the target when the assertions hold at this position.
        case assert(Assertions, Int)
        /// Consume one rune in the ranges, then continue at the target.
        case rune([ClosedRange<Int32>], Int)
    }

    /// The instructions; instruction 0 is always `fail`.
    package let instructions: [Instruction]

    /// The entry point.
    package let start: Int

    init(_ program: Program) {
        var out: [Instruction] = []
        out.reserveCapacity(program.instructions.count)
        for inst in program.instructions {
            let next = Int(inst.out)
            switch inst.op {
            case .alt: out.append(.split(next, Int(inst.arg)))
            case .capture, .nop: out.append(.epsilon(next))
            case .emptyWidth: out.append(.assert(Assertions(rawValue: UInt8(truncatingIfNeeded: inst.arg)), next))
            case .match: out.append(.match)
            case .fail: out.append(.fail)
            case .rune1: out.append(.rune([inst.lo...inst.lo], next))
            case .runeAny: out.append(.rune([0...maxRune], next))
            case .runeAnyNotNL: out.append(.rune([0...0x09, 0x0B...maxRune], next))
            case .rune:
                var ranges: [ClosedRange<Int32>] = []
                var i = Int(inst.lo)
                while i + 1 < Int(inst.hi) {
                    ranges.append(program.ranges[i]...program.ranges[i + 1])
                    i += 2
                }
                out.append(.rune(ranges, next))
            }
        }
        self.instructions = out
        self.start = program.start
    }
}

extension GoRegexp {
    /// The compiled pattern as a Thompson automaton (package API, for the leak audit).
    package var automaton: GoRegexpAutomaton {
        GoRegexpAutomaton(self.program)
    }
}
