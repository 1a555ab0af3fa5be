import CLws
import Foundation
import SurveyCore

/// Connection limits lws 4.1.6 does not have: authentication deadline, per-address caps, Origin.
extension ServerLoop {
    /// Registers a new WebSocket, unless its address already has too many unauthenticated ones.
    func establish(_ wsi: OpaquePointer, slot: UnsafeMutablePointer<UInt64>) -> Int32 {
        let address = peerAddress(wsi)
        guard unauthenticatedByAddress[address, default: 0] < configuration.maxUnauthenticatedPerAddress else {
            return closeNow(wsi, status: LWS_CLOSE_STATUS_POLICY_VIOLATION, reason: "too many unauthenticated connections")
        }
        nextID += 1
        slot.pointee = nextID
        limitKernelSendBuffer(wsi)
        let connection = WebSocketConnection(id: nextID, wsi: wsi)
        connection.address = address
        connection.awaitingAuthentication = true
        connection.tokens = configuration.messageBurst
        unauthenticatedByAddress[address, default: 0] += 1
        connections[nextID] = connection
        metrics.connectionsOpen.increment()
        metrics.connectionsTotal.increment()
        authenticationDeadlines[nextID] = Date().addingTimeInterval(Double(configuration.authTimeoutSeconds))
        hub.connected(nextID)
        return 0
    }

    /// The beat's work: close connections past their authentication deadline, ping or hang up on
    /// idle ones, and let the 整改台账 take in newly committed problems.
    func sweep(at now: Date) {
        if now.timeIntervalSince(lastKeepaliveSweep) >= 1 {
            lastKeepaliveSweep = now
            sweepIdleConnections()
            keepFlushing(at: now)
            closeSurveysPastDeadline(at: now)
        }
        for (id, deadline) in authenticationDeadlines where deadline <= now {
            authenticationDeadlines[id] = nil
            guard let connection = connections[id], !hub.isAuthenticated(id) else { continue }
            releaseUnauthenticated(connection)
            let error = ProtocolError(.authTimeout, "连接后 \(configuration.authTimeoutSeconds) 秒内未完成身份验证")
            perform([.send(id, ServerMessage.error(error)), .close(id, code: 4408, reason: "authentication timeout")])
        }
        syncRegisterIfDue(at: now)
        sendRemindersIfDue(at: now)
        publishPresenceIfDue(at: now)
    }

    /// A survey whose deadline passed closes by itself: stored as closed (so `list` and `status` say
    /// so) and its open pages told at once, as after `survey close`. A failed write is tried again
    /// on the next second.
    func closeSurveysPastDeadline(at now: Date) {
        for id in hub.surveysPastDeadline(at: now) {
            do {
                _ = try database.close(survey: id, actor: "system", at: now)
                perform(hub.closed(survey: id))
            } catch {
                ServerLog.error("问卷 \(id) 截止后未能关闭（稍后重试）：\(error)")
                return
            }
        }
    }

    /// Sends the projectors a snapshot if something changed and the last one is at least
    /// `projectorInterval` old (a bounded number a second, however fast answers come); otherwise
    /// starts the timer that sends it the moment that interval is up.
    func refreshProjectorsIfDue(at now: Date) {
        guard projectorsDirty else { return }
        let wait = Self.projectorInterval - now.timeIntervalSince(lastProjectorRefresh)
        guard wait <= 0 else {
            if projectorTimer?.isActive == false { projectorTimer?.start(after: UInt64((wait * 1000).rounded(.up))) }
            return
        }
        projectorsDirty = false
        lastProjectorRefresh = now
        perform(hub.projectorSnapshots(at: now).map { .send($0.connection, $0.frame) })
    }

    /// Pings connections silent for `idlePingSeconds` and hangs up on those silent for
    /// `idleHangupSeconds`. Kept here, not in lws's validity timers: lws keeps those in a sorted
    /// list and re-inserts on every frame, O(n) each with thousands of connections.
    func sweepIdleConnections() {
        let now = DispatchTime.now().uptimeNanoseconds
        let pingAfter = UInt64(configuration.idlePingSeconds) * 1_000_000_000
        let hangupAfter = UInt64(configuration.idleHangupSeconds) * 1_000_000_000
        for connection in connections.values {
            let silent = now &- connection.lastHeard
            if silent >= hangupAfter {
                lws_set_timeout(connection.wsi, PENDING_TIMEOUT_CLOSE_SEND, LWS_TO_KILL_ASYNC)
            } else if silent >= pingAfter && !connection.pingSent {
                connection.pingSent = true
                connection.pingDue = true
                lws_callback_on_writable(connection.wsi)
            }
        }
    }

    /// Caps what the kernel holds for a peer that does not read (loopback and LAN sockets otherwise
    /// grow to megabytes each); beyond it, frames wait in the bounded outbox.
    func limitKernelSendBuffer(_ wsi: OpaquePointer) {
        var bytes = Int32(Self.kernelSendBufferBytes)
        setsockopt(lws_get_socket_fd(wsi), SOL_SOCKET, SO_SNDBUF, &bytes, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Several pushes of the largest questionnaire fit; Linux doubles it for its own bookkeeping.
    static let kernelSendBufferBytes = 64 * 1024

    /// Called after each message: once authenticated, the connection no longer counts against its address.
    func noteAuthentication(_ connection: WebSocketConnection) {
        if connection.awaitingAuthentication && hub.isAuthenticated(connection.id) { releaseUnauthenticated(connection) }
    }

    func releaseUnauthenticated(_ connection: WebSocketConnection) {
        authenticationDeadlines[connection.id] = nil
        guard connection.awaitingAuthentication else { return }
        connection.awaitingAuthentication = false
        unauthenticatedByAddress[connection.address, default: 1] -= 1
        if unauthenticatedByAddress[connection.address] == 0 { unauthenticatedByAddress[connection.address] = nil }
    }

    /// Takes one message from the connection's token bucket. False when it is empty.
    func admitMessage(_ connection: WebSocketConnection, at now: Date) -> Bool {
        let elapsed = now.timeIntervalSince(connection.lastRefill)
        connection.lastRefill = now
        connection.tokens = min(configuration.messageBurst, connection.tokens + elapsed * configuration.messagesPerSecond)
        guard connection.tokens >= 1 else { return false }
        connection.tokens -= 1
        return true
    }

    /// Browsers send Origin: it must be allowed, or (with no allowlist) be the page's own host.
    func originAllowed(_ wsi: OpaquePointer) -> Bool {
        guard let origin = header(wsi, WSI_TOKEN_ORIGIN) else { return true }
        if !configuration.allowedOrigins.isEmpty { return configuration.allowedOrigins.contains(origin) }
        guard let host = header(wsi, WSI_TOKEN_HOST), let range = origin.range(of: "://") else { return false }
        return origin[range.upperBound...].lowercased() == host.lowercased()
    }

    func peerAddress(_ wsi: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        guard let text = lws_get_peer_simple(wsi, &buffer, buffer.count) else { return "?" }
        return String(cString: text)
    }
}
