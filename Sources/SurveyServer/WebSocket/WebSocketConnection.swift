import Foundation
import SurveyCore

/// One WebSocket connection's state on the loop thread: message reassembly and a bounded outbox.
final class WebSocketConnection {
    let id: ConnectionID
    let wsi: OpaquePointer
    private var outbox: [[UInt8]] = []
    private var outboxHead = 0
    private(set) var outboxBytes = 0
    /// Set when the connection should close once its outbox is written.
    var closing: (code: UInt16, reason: String)?
    /// Our close frame is out: nothing more is written, and what the peer still sends is read and
    /// dropped until its own close frame, or a few seconds (a lingering close).
    var closeSent = false
    /// The message being reassembled from fragments.
    var incoming: [UInt8] = []
    /// The peer's address, and whether it still counts as unauthenticated against it.
    var address = ""
    var awaitingAuthentication = false
    /// The rate limit's token bucket, and how often it has been hit.
    var tokens = 0.0
    var lastRefill = Date()
    var rateStrikes = 0
    /// When the peer last sent anything (a frame or a pong), in monotonic nanoseconds.
    private(set) var lastHeard = DispatchTime.now().uptimeNanoseconds
    /// A ping is due on the next writable callback, or was sent and not yet answered.
    var pingDue = false
    var pingSent = false

    init(id: ConnectionID, wsi: OpaquePointer) {
        self.id = id
        self.wsi = wsi
    }

    /// Notes that the peer is alive.
    func heard() {
        lastHeard = DispatchTime.now().uptimeNanoseconds
        pingSent = false
    }

    /// Queues a frame. Returns false when the outbox would pass `limit` bytes.
    func enqueue(_ frame: [UInt8], limit: Int) -> Bool {
        guard outboxBytes + frame.count <= limit else { return false }
        outbox.append(frame)
        outboxBytes += frame.count
        return true
    }

    /// Takes the oldest queued frame.
    func dequeue() -> [UInt8]? {
        guard outboxHead < outbox.count else { return nil }
        let frame = outbox[outboxHead]
        outboxHead += 1
        outboxBytes -= frame.count
        if outboxHead == outbox.count {
            outbox.removeAll(keepingCapacity: true)
            outboxHead = 0
        }
        return frame
    }

    var hasQueuedFrames: Bool { outboxHead < outbox.count }
}
