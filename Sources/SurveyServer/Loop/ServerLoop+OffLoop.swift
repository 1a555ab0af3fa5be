import Foundation

/// The one way work leaves the loop thread: it runs on a global queue, and its result comes back
/// through the inbox to a continuation that runs on the loop thread, where the hub lives.
extension ServerLoop {
    /// Runs `work` on `queue`, then `then` with its result on the loop thread.
    func offLoop<Value: Sendable>(
        on queue: DispatchQueue = .global(qos: .utility), _ work: @escaping @Sendable () throws -> Value,
        then: @escaping (Result<Value, any Error>) -> Void
    ) {
        nextTaskID += 1
        let id = nextTaskID
        loopTasks[id] = { outcome in
            guard let result = outcome as? Result<Value, any Error> else { return }
            then(result)
        }
        let (inbox, server) = (inbox, server)
        queue.async {
            inbox.post(.finished(id, Result { try work() }))
            server.wake()
        }
    }

    /// Work off the loop has ended: its continuation runs now, once.
    func finished(_ id: UInt64, _ outcome: any Sendable) {
        loopTasks.removeValue(forKey: id)?(outcome)
    }
}
