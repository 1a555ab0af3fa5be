import Synchronization
import SurveyStore

/// Work handed to the loop thread from other threads. Posting wakes lws with `lws_cancel_service`.
enum LoopEvent: Sendable {
    case committed(WriteBatchResult)
    /// The ticker's beat (every 100 ms): deadlines and coalesced projector updates.
    case tick
    case stop
}

/// A thread-safe queue of loop events.
final class LoopInbox: Sendable {
    private let events = Mutex<[LoopEvent]>([])

    func post(_ event: LoopEvent) {
        events.withLock { $0.append(event) }
    }

    func drain() -> [LoopEvent] {
        events.withLock { events in
            defer { events.removeAll() }
            return events
        }
    }
}
