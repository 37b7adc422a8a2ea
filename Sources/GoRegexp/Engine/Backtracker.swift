/// A bounded backtracker for leftmost-first searches on small inputs (the "bit-state" engine of
/// RE2 and Go).
///
/// It explores the program depth-first, in the same priority order as the Pike VM (the `out` of an
/// `alt` before its `arg`), so the first match it finds is the one the Pike VM reports, with the
/// same submatches. A bit per (instruction, position) records what was already explored: a
/// failed state fails again however it is reached, so no state is explored twice and the time is
/// O(program × input) like the Pike VM's, with a smaller constant. The bit set costs one bit per
/// pair, so the engine only runs when the program and input are small.
enum Backtracker {
    /// The largest program the backtracker runs (Go's `maxBacktrackProg`).
    static let maxProgram = 500
    /// The largest visited set, in bits (Go's `maxBacktrackVector`).
    static let maxBits = 256 * 1024

    /// Whether the backtracker may search an input of `length` bytes with `program`.
    static func fits(_ program: Program, inputLength length: Int) -> Bool {
        let size = program.instructions.count
        return size <= Self.maxProgram && size * (length + 1) <= Self.maxBits
    }

    /// A job: explore `pc` at `pos`, or (when `slot >= 0`) restore capture `slot` to `pos`.
    private struct Job {
        var pc: UInt32
        var slot: Int32
        var pos: Int
    }

    /// Searches `input` for the leftmost-first match.
    ///
    /// - Returns: The capture slots of the match (`captureCount` of them, -1 when unset), or nil.
    static func execute(
        _ program: Program,
        _ input: UnsafeBufferPointer<UInt8>,
        captureCount: Int,
        startCondition: EmptyOp
    ) -> [Int]? {
        program.instructions.withUnsafeBufferPointer { instructions in
            program.ranges.withUnsafeBufferPointer { ranges in
                Self.execute(
                    instructions: instructions,
                    ranges: ranges,
                    start: UInt32(program.start),
                    input,
                    captureCount: captureCount,
                    anchored: startCondition.contains(.beginText)
                )
            }
        }
    }

    private static func execute(
        instructions: UnsafeBufferPointer<Instruction>,
        ranges: UnsafeBufferPointer<Rune>,
        start: UInt32,
        _ input: UnsafeBufferPointer<UInt8>,
        captureCount ncap: Int,
        anchored: Bool
    ) -> [Int]? {
        let n = input.count
        let width = n + 1
        let words = (instructions.count * width + 63) / 64
        let visited = UnsafeMutablePointer<UInt64>.allocate(capacity: Swift.max(words, 1))
        visited.initialize(repeating: 0, count: Swift.max(words, 1))
        let captures = UnsafeMutablePointer<Int>.allocate(capacity: Swift.max(ncap, 1))
        var jobs: [Job] = []
        jobs.reserveCapacity(64)
        defer {
            visited.deallocate()
            captures.deallocate()
        }

        var first = 0
        while first <= n {
            for i in 0..<ncap {
                captures[i] = -1
            }
            if ncap > 0 {
                captures[0] = first
            }
            jobs.removeAll(keepingCapacity: true)
            jobs.append(Job(pc: start, slot: -1, pos: first))
            while let job = jobs.popLast() {
                if job.slot >= 0 {
                    captures[Int(job.slot)] = job.pos
                    continue
                }
                var pc = Int(job.pc)
                var pos = job.pos
                // Follow the highest-priority path, leaving alternatives on the stack.
                while true {
                    let bit = pc * width + pos
                    let mask = UInt64(1) << UInt64(bit & 63)
                    if visited[bit >> 6] & mask != 0 {
                        break
                    }
                    visited[bit >> 6] |= mask
                    let inst = instructions[pc]
                    switch inst.op {
                    case .fail:
                        break
                    case .alt:
                        jobs.append(Job(pc: inst.arg, slot: -1, pos: pos))
                        pc = Int(inst.out)
                        continue
                    case .nop:
                        pc = Int(inst.out)
                        continue
                    case .capture:
                        let slot = Int(inst.arg)
                        if slot < ncap {
                            jobs.append(Job(pc: 0, slot: Int32(slot), pos: captures[slot]))
                            captures[slot] = pos
                        }
                        pc = Int(inst.out)
                        continue
                    case .emptyWidth:
                        let needed = EmptyOp(rawValue: UInt8(truncatingIfNeeded: inst.arg))
                        if Self.context(input, pos).isSuperset(of: needed) {
                            pc = Int(inst.out)
                            continue
                        }
                    case .match:
                        if ncap > 1 {
                            captures[1] = pos
                        }
                        return Array(UnsafeBufferPointer(start: captures, count: ncap))
                    case .rune, .rune1, .runeAny, .runeAnyNotNL:
                        if pos < n {
                            let (rune, runeWidth) = UTF8Decoding.decode(input, at: pos)
                            if Program.accepts(inst, rune, ranges) {
                                pc = Int(inst.out)
                                pos += runeWidth
                                continue
                            }
                        }
                    }
                    break
                }
            }
            if anchored || first == n {
                break
            }
            first += UTF8Decoding.decode(input, at: first).width
        }
        return nil
    }

    /// The assertions that hold at `pos`, a rune boundary of `input`. Only ASCII runes are word
    /// characters or newlines, and an ASCII byte is always a rune of its own, so the bytes next to
    /// `pos` decide.
    @inline(__always)
    static func context(_ input: UnsafeBufferPointer<UInt8>, _ pos: Int) -> EmptyOp {
        let before: Rune = pos == 0 ? -1 : (input[pos - 1] < 0x80 ? Rune(input[pos - 1]) : replacementRune)
        let after: Rune = pos == input.count ? -1 : (input[pos] < 0x80 ? Rune(input[pos]) : replacementRune)
        return EmptyOp.context(before: before, after: after)
    }
}
