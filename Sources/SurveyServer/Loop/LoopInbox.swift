import SurveyStore
import Synchronization

/// Work handed to the loop thread from other threads. Posting wakes lws with `lws_cancel_service`.
enum LoopEvent: Sendable {
    case committed(WriteBatchResult)
    /// The beat (every 50 ms): authentication deadlines and keepalive.
    case beat
    /// The projectors' held-back snapshot is due.
    case projectorsDue
    /// Work run off the loop thread (`ServerLoop.offLoop`) ended: its result, for the continuation with this id.
    case finished(UInt64, any Sendable)
    /// Other nodes on the same store changed something, read back from its tables off the loop.
    case otherNodes(OtherNodesUpdate)
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
