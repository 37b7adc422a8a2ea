/// A Pike VM: Thompson's NFA simulation with capture slots per thread, as Go's `regexp` machine.
///
/// All threads advance over the input together, one rune at a time, in priority order; a thread
/// that reaches an instruction another thread of higher priority already holds at this position
/// dies. So each input position costs at most one visit per instruction: the time is
/// O(input × program) and the memory O(program × capture slots), whatever the pattern.
///
/// Leftmost-first (Perl) mode stops at the highest-priority match; leftmost-longest mode keeps
/// the longest match from the leftmost start, with Go's choice of submatches.
final class PikeVM {
    private let program: Program
    private let captureCount: Int
    private let longest: Bool

    // Two queues (sparse sets of instructions, each entry with its thread's capture slots).
    private var run: ThreadQueue
    private var next: ThreadQueue
    private let stack: UnsafeMutablePointer<StackEntry>
    private let stackCapacity: Int
    private let scratch: UnsafeMutablePointer<Int>
    private let matchCaptures: UnsafeMutablePointer<Int>
    private var matched = false

    /// An entry of the explicit stack of `add`: explore an instruction, or undo a capture write.
    private struct StackEntry {
        var pc: UInt32
        /// The capture slot to restore, or -1 for "explore `pc`".
        var slot: Int32
        var value: Int
    }

    /// Creates a machine for `program` that records `captureCount` capture slots (0 for a yes/no
    /// answer, 2 for the match bounds, 2 × (groups + 1) for every submatch).
    init(program: Program, captureCount: Int, longest: Bool) {
        self.program = program
        self.captureCount = captureCount
        self.longest = longest
        let size = program.instructions.count
        self.run = ThreadQueue(size: size, captureCount: captureCount)
        self.next = ThreadQueue(size: size, captureCount: captureCount)
        self.stackCapacity = 2 * size + 2
        self.stack = .allocate(capacity: self.stackCapacity)
        self.scratch = .allocate(capacity: Swift.max(captureCount, 1))
        self.matchCaptures = .allocate(capacity: Swift.max(captureCount, 1))
    }

    deinit {
        self.run.deallocate()
        self.next.deallocate()
        self.stack.deallocate()
        self.scratch.deallocate()
        self.matchCaptures.deallocate()
    }

    /// Searches `input` from its start for the leftmost match.
    ///
    /// - Parameters:
    ///   - input: UTF-8 text; invalid bytes read as U+FFFD, one byte each.
    ///   - startCondition: The program's ``Program/startCondition()``.
    /// - Returns: The capture slots of the match (byte offsets, -1 when unset), or nil.
    func execute(_ input: UnsafeBufferPointer<UInt8>, startCondition: EmptyOp) -> [Int]? {
        self.program.instructions.withUnsafeBufferPointer { instructions in
            self.program.ranges.withUnsafeBufferPointer { ranges in
                self.execute(input, startCondition: startCondition, instructions: instructions, ranges: ranges)
            }
        }
    }

    private func execute(
        _ input: UnsafeBufferPointer<UInt8>,
        startCondition: EmptyOp,
        instructions: UnsafeBufferPointer<Instruction>,
        ranges: UnsafeBufferPointer<Rune>
    ) -> [Int]? {
        let ncap = self.captureCount
        self.matched = false
        for i in 0..<ncap {
            self.matchCaptures[i] = -1
        }
        self.run.clear()
        self.next.clear()
        let anchored = startCondition.contains(.beginText)
        let start = UInt32(self.program.start)

        var pos = 0
        var (r, width) = Self.step(input, pos)
        var (r1, width1): (Rune, Int) = (-1, 0)
        if r >= 0 {
            (r1, width1) = Self.step(input, pos + width)
        }
        var context = EmptyOp.context(before: -1, after: r)
        while true {
            if self.run.count == 0 {
                if anchored && pos != 0 {
                    // Anchored at the start, and past it.
                    break
                }
                if self.matched {
                    // Have a match, and no alternatives left to explore.
                    break
                }
            }
            if !self.matched {
                // A new thread starting here, with the lowest priority.
                for i in 0..<ncap {
                    self.scratch[i] = -1
                }
                if ncap > 0 {
                    self.scratch[0] = pos
                }
                self.add(to: &self.run, start, pos: pos, context: context, instructions: instructions)
            }
            context = EmptyOp.context(before: r, after: r1)
            self.advance(pos: pos, nextPos: pos + width, rune: r, context: context, instructions: instructions, ranges: ranges)
            if width == 0 {
                break
            }
            if ncap == 0 && self.matched {
                // Any match will do.
                break
            }
            pos += width
            (r, width) = (r1, width1)
            if r >= 0 {
                (r1, width1) = Self.step(input, pos + width)
            }
            swap(&self.run, &self.next)
        }
        if !self.matched {
            return nil
        }
        return Array(UnsafeBufferPointer(start: self.matchCaptures, count: ncap))
    }

    /// The rune at `pos` and its width, or (-1, 0) at the end.
    @inline(__always)
    private static func step(_ input: UnsafeBufferPointer<UInt8>, _ pos: Int) -> (Rune, Int) {
        if pos >= input.count {
            return (-1, 0)
        }
        return UTF8Decoding.decode(input, at: pos)
    }

    /// Runs every thread of `run` over the rune at `pos` (or the end of text), in priority order,
    /// adding the survivors to `next`.
    private func advance(
        pos: Int,
        nextPos: Int,
        rune c: Rune,
        context: EmptyOp,
        instructions: UnsafeBufferPointer<Instruction>,
        ranges: UnsafeBufferPointer<Rune>
    ) {
        let ncap = self.captureCount
        var j = 0
        while j < self.run.count {
            let pc = Int(self.run.dense[j])
            let inst = instructions[pc]
            let caps = self.run.captures(j)
            j += 1
            if inst.op != .match && !inst.op.consumesRune {
                // A placeholder that only marks the instruction as visited.
                continue
            }
            if self.longest && self.matched && ncap > 0 && self.matchCaptures[0] < caps[0] {
                // Starts after the match already found: cannot be leftmost.
                continue
            }
            if inst.op == .match {
                if ncap > 0 && (!self.longest || !self.matched || self.matchCaptures[1] < pos) {
                    caps[1] = pos
                    self.matchCaptures.update(from: caps, count: ncap)
                }
                self.matched = true
                if !self.longest {
                    // First-match mode: the remaining threads have lower priority.
                    break
                }
                continue
            }
            if c >= 0 && Program.accepts(inst, c, ranges) {
                self.scratch.update(from: caps, count: ncap)
                self.add(to: &self.next, inst.out, pos: nextPos, context: context, instructions: instructions)
            }
        }
        self.run.clear()
    }

    /// Adds `pc` to `queue`, following empty-width instructions whose conditions `context`
    /// satisfies, in priority order. The thread's capture slots are in `scratch`.
    private func add(
        to queue: inout ThreadQueue,
        _ pc: UInt32,
        pos: Int,
        context: EmptyOp,
        instructions: UnsafeBufferPointer<Instruction>
    ) {
        let ncap = self.captureCount
        let stack = self.stack
        var top = 0
        stack[0] = StackEntry(pc: pc, slot: -1, value: 0)
        top = 1
        while top > 0 {
            top -= 1
            let entry = stack[top]
            if entry.slot >= 0 {
                self.scratch[Int(entry.slot)] = entry.value
                continue
            }
            let pc = entry.pc
            if pc == 0 || queue.contains(pc) {
                continue
            }
            let j = queue.insert(pc)
            let inst = instructions[Int(pc)]
            switch inst.op {
            case .fail:
                break
            case .alt:
                // Out has priority over arg, so it is explored first.
                stack[top] = StackEntry(pc: inst.arg, slot: -1, value: 0)
                stack[top + 1] = StackEntry(pc: inst.out, slot: -1, value: 0)
                top += 2
            case .emptyWidth:
                let needed = EmptyOp(rawValue: UInt8(truncatingIfNeeded: inst.arg))
                if context.isSuperset(of: needed) {
                    stack[top] = StackEntry(pc: inst.out, slot: -1, value: 0)
                    top += 1
                }
            case .nop:
                stack[top] = StackEntry(pc: inst.out, slot: -1, value: 0)
                top += 1
            case .capture:
                let slot = Int(inst.arg)
                if slot < ncap {
                    // Restore the slot once everything reachable from here has been added.
                    stack[top] = StackEntry(pc: 0, slot: Int32(slot), value: self.scratch[slot])
                    self.scratch[slot] = pos
                    top += 1
                }
                stack[top] = StackEntry(pc: inst.out, slot: -1, value: 0)
                top += 1
            case .match, .rune, .rune1, .runeAny, .runeAnyNotNL:
                queue.captures(j).update(from: self.scratch, count: ncap)
            }
        }
    }
}

/// A sparse set of instruction indices in insertion order, each with a thread's capture slots.
struct ThreadQueue {
    private let sparse: UnsafeMutablePointer<UInt32>
    let dense: UnsafeMutablePointer<UInt32>
    private let slots: UnsafeMutablePointer<Int>
    private let captureCount: Int
    private(set) var count = 0

    init(size: Int, captureCount: Int) {
        let size = Swift.max(size, 1)
        self.sparse = .allocate(capacity: size)
        self.sparse.initialize(repeating: 0, count: size)
        self.dense = .allocate(capacity: size)
        self.dense.initialize(repeating: 0, count: size)
        self.captureCount = captureCount
        self.slots = .allocate(capacity: Swift.max(size * captureCount, 1))
        self.slots.initialize(repeating: -1, count: Swift.max(size * captureCount, 1))
    }

    func deallocate() {
        self.sparse.deallocate()
        self.dense.deallocate()
        self.slots.deallocate()
    }

    @inline(__always)
    func contains(_ pc: UInt32) -> Bool {
        let j = Int(self.sparse[Int(pc)])
        return j < self.count && self.dense[j] == pc
    }

    /// Inserts `pc` (which must not be present) and returns its position.
    @inline(__always)
    mutating func insert(_ pc: UInt32) -> Int {
        let j = self.count
        self.dense[j] = pc
        self.sparse[Int(pc)] = UInt32(j)
        self.count += 1
        return j
    }

    /// The capture slots of the entry at position `j`.
    @inline(__always)
    func captures(_ j: Int) -> UnsafeMutablePointer<Int> {
        self.slots + j * self.captureCount
    }

    mutating func clear() {
        self.count = 0
    }
}
