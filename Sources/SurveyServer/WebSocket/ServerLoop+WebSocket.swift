import CLws
import Foundation
import LwsSupport
import SurveyCore
import SurveyStore

/// WebSocket messages, the outbox, and carrying out the hub's actions.
extension ServerLoop {
    func receive(_ connection: WebSocketConnection, input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        let wsi = connection.wsi
        if let input, length > 0 {
            connection.incoming.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
        }
        if connection.incoming.count > configuration.maxMessageBytes {
            connection.incoming = []
            return closeNow(wsi, status: LWS_CLOSE_STATUS_MESSAGE_TOO_LARGE, reason: "message too large")
        }
        guard lws_is_final_fragment(wsi) != 0, lws_remaining_packet_payload(wsi) == 0 else { return 0 }
        let message = connection.incoming
        connection.incoming = []
        let isBinary = lws_frame_is_binary(wsi) != 0
        if !isBinary && String(validating: message, as: UTF8.self) == nil {
            return closeNow(wsi, status: LWS_CLOSE_STATUS_INVALID_PAYLOAD, reason: "text message is not valid UTF-8")
        }
        let now = Date()
        // A connection on its way out reads nothing more; what is queued for it is still sent.
        if connection.closing != nil { return 0 }
        guard admitMessage(connection, at: now) else {
            connection.rateStrikes += 1
            if connection.rateStrikes > configuration.rateLimitStrikes {
                perform([.close(connection.id, code: UInt16(LWS_CLOSE_STATUS_POLICY_VIOLATION.rawValue), reason: "rate limit exceeded")])
                return 0
            }
            let error = ProtocolError(.rateLimited, "发送过于频繁（每秒最多 \(Int(configuration.messagesPerSecond)) 条），请稍后再试")
            perform([.send(connection.id, ServerMessage.error(error))])
            return 0
        }
        if isBinary {
            perform([.send(connection.id, ServerMessage.error(ProtocolError(.badMessage, "只接受文本帧（JSON）")))])
            return 0
        }
        perform(hub.received(message, from: connection.id, at: now))
        noteAuthentication(connection)
        return 0
    }

    /// How long a connection we closed waits for the peer's close frame, reading and dropping what
    /// it still sends: closing at once with unread data sends a reset, and the peer never sees why.
    static let webSocketLingerSeconds: Int32 = 3

    func writeNext(_ connection: WebSocketConnection) -> Int32 {
        if connection.closeSent { return 0 }
        if connection.pingDue {
            connection.pingDue = false
            // Not empty: lws 4.1.6 reports a pong to us (LWS_CALLBACK_RECEIVE_PONG) only when it carries a payload.
            guard LwsFrame.write(Self.pingPayload, as: LWS_WRITE_PING, to: connection.wsi, scratch: &scratch) else { return -1 }
            if connection.hasQueuedFrames || connection.closing != nil { lws_callback_on_writable(connection.wsi) }
            return 0
        }
        guard let frame = connection.dequeue() else {
            if let closing = connection.closing {
                // Written here, on a writable callback: lws's own close-reason frame, sent on a
                // later callback, does not get out before the socket closes on the libuv loop.
                let payload = LwsFrame.closePayload(code: closing.code, reason: closing.reason)
                guard LwsFrame.write(payload, as: LwsFrame.close, to: connection.wsi, scratch: &scratch) else { return -1 }
                // lws closes when the peer's close frame comes back, or when this timeout fires.
                connection.closeSent = true
                lws_set_timeout(connection.wsi, PENDING_TIMEOUT_CLOSE_ACK, Self.webSocketLingerSeconds)
                return 0
            }
            return 0
        }
        guard LwsFrame.write(frame, as: LWS_WRITE_TEXT, to: connection.wsi, scratch: &scratch) else { return -1 }
        if connection.hasQueuedFrames || connection.closing != nil { lws_callback_on_writable(connection.wsi) }
        return 0
    }

    /// What the server's pings carry (and the peer's pongs echo).
    static let pingPayload = Array("survey".utf8)

    /// The peer's close frame. lws echoes it as it came; one that breaks RFC 6455 §5.5.1 (a one-byte
    /// payload, a reason that is not UTF-8) is answered with 1002 instead.
    func peerClosed(_ wsi: OpaquePointer, payload: UnsafeMutableRawPointer?, length: Int) -> Int32 {
        guard length > 0, let payload else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: payload, count: length)
        guard length == 1 || String(validating: bytes.dropFirst(2), as: UTF8.self) == nil else { return 0 }
        return closeNow(wsi, status: LWS_CLOSE_STATUS_PROTOCOL_ERR, reason: "bad close frame")
    }

    func closeNow(_ wsi: OpaquePointer, status: lws_close_status, reason: String) -> Int32 {
        var bytes = Array(reason.utf8.prefix(120))
        lws_close_reason(wsi, status, &bytes, bytes.count)
        return -1
    }

    /// Carries out hub actions: queue frames, schedule closes, hand writes to the writer.
    func perform(_ actions: [HubAction]) {
        assertOnLoopThread()
        var writes: [WriteItem] = []
        for action in actions {
            switch action {
            case .send(let id, let frame):
                guard let connection = connections[id], connection.closing == nil else { continue }
                if let code = ServerMessage.errorCode(of: frame) { metrics.error(code) }
                if connection.enqueue(frame, limit: configuration.maxOutboxBytes) {
                    lws_callback_on_writable(connection.wsi)
                } else {
                    // It may never read again: what is queued gets 5 s to go out, then lws hangs up.
                    connection.closing = (UInt16(LWS_CLOSE_STATUS_POLICY_VIOLATION.rawValue), "slow consumer: outbox full")
                    lws_set_timeout(connection.wsi, PENDING_TIMEOUT_CLOSE_SEND, 5)
                    lws_callback_on_writable(connection.wsi)
                }
            case .close(let id, let code, let reason):
                guard let connection = connections[id] else { continue }
                connection.closing = (code, reason)
                lws_callback_on_writable(connection.wsi)
            case .store(let record):
                metrics.submissions.increment()
                writes.append(.submission(record))
            case .record(let event):
                if event.kind == .pushed { metrics.pushes.increment() }
                writes.append(.delivery(event))
            case .refreshProjectors:
                projectorsDirty = true
            case .authenticateUnit, .unitRequest, .storeFollowUp:
                performRegisterAction(action)
            }
        }
        writer.enqueue(writes)
        if projectorsDirty { refreshProjectorsIfDue(at: Date()) }
    }

    func drainInbox() {
        for event in inbox.drain() {
            switch event {
            case .committed(let result):
                admin.databaseTrouble = result.failure
                metrics.acks.increment(by: Int64(result.committed.count))
                perform(hub.committed(result.committed) + hub.failedToStore(result.failed))
                if !result.committed.isEmpty { registerStale = true }
            case .beat:
                sweep(at: Date())
            case .projectorsDue:
                refreshProjectorsIfDue(at: Date())
            case .finished(let id, let outcome):
                finished(id, outcome)
            case .otherNodes(let update):
                applyOtherNodes(update)
            case .stop:
                break
            }
        }
    }

}
