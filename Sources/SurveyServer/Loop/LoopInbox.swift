import SurveyStore
import Synchronization

/// Work handed to the loop thread from other threads. Posting wakes lws with `lws_cancel_service`.
enum LoopEvent: Sendable {
    case committed(WriteBatchResult)
    /// The beat (every 50 ms): authentication deadlines and keepalive.
    case beat
    /// The projectors' held-back snapshot is due.
    case projectorsDue
    /// An admin API reading done off the loop thread, for the HTTP exchange with this id.
    case adminReply(UInt64, HTTPResponse)
    /// The register's sync off the loop thread ended: the units whose pages are due fresh rows, or why it failed.
    case registerSynced(Result<Set<String>, RegisterSyncError>)
    /// The check for rows due a reminder or a 督办 ended: the units whose pages are due fresh rows, or why it failed.
    case remindersSent(Result<Set<String>, RegisterSyncError>)
    /// Other nodes on the same store changed something, read back from its tables off the loop.
    case otherNodes(OtherNodesUpdate)
    /// This node's online supervisors were published for the other nodes (or why not).
    case presencePublished(Set<String>, Result<Void, RegisterSyncError>)
    case stop
}

/// A thread-safe queue of loop events.
final class LoopInbox: Sendable {
    private let events = Mutex<[LoopEvent]>([])
    private let pending = Atomic<Bool>(false)

    func post(_ event: LoopEvent) {
        events.withLock { $0.append(event) }
        pending.store(true, ordering: .releasing)
    }

    /// Whether anything was posted since the last drain: one atomic load, cheap enough to ask often.
    var hasEvents: Bool { pending.load(ordering: .acquiring) }

    func drain() -> [LoopEvent] {
        events.withLock { events in
            pending.store(false, ordering: .releasing)
            defer { events.removeAll() }
            return events
        }
    }
}

/// Why a sync of the register off the loop thread failed, in words for the log.
struct RegisterSyncError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
