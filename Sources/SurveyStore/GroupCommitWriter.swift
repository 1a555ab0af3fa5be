import Foundation
import SurveyCore

/// The single writer thread. Everything waiting when it wakes goes into one transaction (group
/// commit); `onCommit` runs on the writer thread after each batch's COMMIT (or failure).
///
/// Unchecked because its state is guarded by an `NSCondition` (the writer waits on it), which the
/// compiler cannot see; every stored `var` is read and written only with `condition` locked.
public final class GroupCommitWriter: @unchecked Sendable {
    private let database: SurveyDatabase
    private let onCommit: @Sendable (WriteBatchResult) -> Void
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var queue: [WriteItem] = []
    private var stopping = false
    private var finished = false
    private var started = false

    public init(database: SurveyDatabase, onCommit: @escaping @Sendable (WriteBatchResult) -> Void) {
        self.database = database
        self.onCommit = onCommit
    }

    /// Starts the writer thread.
    public func start() {
        condition.withLock { started = true }
        let thread = Thread { [self] in run() }
        thread.name = "survey-writer"
        thread.start()
    }

    /// Queues items for the next batch. Safe from any thread.
    public func enqueue(_ items: [WriteItem]) {
        guard !items.isEmpty else { return }
        condition.lock()
        queue += items
        condition.signal()
        condition.unlock()
    }

    /// Writes what is queued, then stops the thread and waits for it.
    public func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        while !finished && started { condition.wait() }
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            let done = stopping && batch.isEmpty
            condition.unlock()
            if done { break }
            onCommit(database.write(batch, at: Date()))
        }
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
