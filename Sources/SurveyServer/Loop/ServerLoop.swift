import CLws
import Foundation
import LwsSupport
import SurveyCore
import SurveyStore

/// Everything the service thread owns: lws itself, the hub, the connections, the HTTP exchanges and
/// the admin API. Not `Sendable`: it is created on the service thread, reached only from lws
/// callbacks (and the loop's timers, which post to the inbox), and checks that in debug builds.
final class ServerLoop {
    unowned let server: Server
    let configuration: ServerConfiguration
    let database: SurveyDatabase
    let inbox: LoopInbox
    let metrics: ServerMetrics
    let writer: GroupCommitWriter
    var hub: Hub
    let admin: AdminAPI
    var connections: [ConnectionID: WebSocketConnection] = [:]
    var exchanges: [UInt64: HTTPExchange] = [:]
    /// Evidence uploads whose bodies are arriving, by who sends them (a unit or a staff member).
    var uploadsInFlight: [String: Int] = [:]
    /// Responses lws is still sending before it closes their connections, by exchange: how long
    /// each may take (see `closeOnceSent`).
    var responsesFlushing: [UInt64: (wsi: OpaquePointer, until: Date)] = [:]
    var nextID: UInt64 = 0
    /// Continuations of work running off the loop thread, by task (see `offLoop`).
    var loopTasks: [UInt64: (any Sendable) -> Void] = [:]
    var nextTaskID: UInt64 = 0
    /// Where admin changes are stored, one at a time and in order (see `AdminRoute.Work.plan`).
    let adminWrites = DispatchQueue(label: "survey-admin-writes", qos: .userInitiated)
    var scratch: [UInt8] = []
    var unauthenticatedByAddress: [String: Int] = [:]
    /// Connections still to authenticate, with their deadlines.
    var authenticationDeadlines: [ConnectionID: Date] = [:]
    /// Projectors are due a snapshot, and when they last got one.
    var projectorsDirty = false
    var lastProjectorRefresh = Date.distantPast
    /// Sends the snapshot held back by `projectorInterval`, on time to the millisecond.
    var projectorTimer: LoopTimer?
    var lastKeepaliveSweep = Date()
    /// Answers were committed since the 整改台账 last took in new problems (true at start-up).
    var registerStale = true
    var registerSyncRunning = false
    var lastRegisterSync = Date.distantPast
    /// The check for reminders and 督办 due (off the loop), and when it last ran (the first is one
    /// interval after start).
    var remindersRunning = false
    var lastReminderCheck = Date()
    /// Who this node has published as online (several nodes on one store), and when.
    var publishedPresence: Set<String> = []
    var presencePublishing = false
    var lastPresencePublish = Date.distantPast
    let strings = CStrings()
    /// The service thread, which alone may touch this object.
    private let owner = pthread_self()

    init(server: Server, state: LoopState, writer: GroupCommitWriter) {
        self.server = server
        configuration = server.configuration
        database = server.database
        inbox = server.inbox
        metrics = server.metrics
        self.writer = writer
        hub = state.hub
        admin = state.admin
    }

    /// Traps, in release builds too, when called from any thread but the service thread (one
    /// comparison of thread ids, as NIOLoopBound's check).
    func assertOnLoopThread() {
        precondition(pthread_equal(owner, pthread_self()) != 0, "loop state touched off the service thread")
    }

    func wake() { server.wake() }

    /// Creates the lws context, serves until the server is asked to stop, then shuts down gracefully.
    func run() {
        survey_lws_quiet_logs()
        let protocols = UnsafeMutablePointer<lws_protocols>.allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = strings.keep("survey")
        protocols[0].callback = surveyLwsCallback
        protocols[0].per_session_data_size = MemoryLayout<UInt64>.size
        protocols[0].rx_buffer_size = 16 * 1024
        defer { protocols.deallocate() }

        let mounts = UnsafeMutablePointer<lws_http_mount>.allocate(capacity: 4)
        mounts.initialize(repeating: lws_http_mount(), count: 4)
        defer { mounts.deallocate() }
        for (index, path) in ["/api", "/healthz", "/metrics"].enumerated() {
            mounts[index].mount_next = UnsafePointer(mounts + index + 1)
            mounts[index].mountpoint = strings.keep(path)
            mounts[index].mountpoint_len = UInt8(path.utf8.count)
            mounts[index].origin = strings.keep("survey")
            mounts[index].origin_protocol = UInt8(LWSMPRO_CALLBACK.rawValue)
        }
        mounts[3].mountpoint = strings.keep("/")
        mounts[3].mountpoint_len = 1
        mounts[3].origin = strings.keep(URL(fileURLWithPath: configuration.webRoot).standardizedFileURL.path)
        mounts[3].def = strings.keep("index.html")
        mounts[3].origin_protocol = UInt8(LWSMPRO_FILE.rawValue)

        let headers = SecurityHeaders(strings: strings)
        defer { headers.deallocate() }

        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        info.iface = configuration.host == "0.0.0.0" ? nil : strings.keep(configuration.host)
        info.protocols = UnsafePointer(protocols)
        info.mounts = UnsafePointer(mounts)
        info.vhost_name = strings.keep("survey")
        info.alpn = strings.keep("http/1.1")
        let loop = LibuvLoop()
        info.foreign_loops = loop.foreignLoops
        info.options = survey_lws_server_options() | survey_lws_libuv_option()
        info.timeout_secs = UInt32(configuration.handshakeTimeoutSeconds)
        info.timeout_secs_ah_idle = UInt32(configuration.handshakeTimeoutSeconds)
        info.headers = headers.list
        if let certificate = configuration.tlsCertificate, let key = configuration.tlsKey {
            info.ssl_cert_filepath = strings.keep(certificate)
            info.ssl_private_key_filepath = strings.keep(key)
            info.options |= survey_lws_tls_option()
        }
        info.user = Unmanaged.passUnretained(self).toOpaque()

        guard let context = lws_create_context(&info) else {
            server.failedToStart("无法在 \(configuration.host):\(configuration.port) 上监听（端口被占用或无权限）")
            return
        }
        // lws makes the context even when its listening vhost fails (an address not on this machine).
        guard let vhost = lws_get_vhost_by_name(context, "survey") else {
            server.failedToStart("无法在 \(configuration.host):\(configuration.port) 上监听（该地址不是本机的地址，或端口不可用）")
            return
        }
        server.listening(on: Int(lws_get_vhost_listen_port(vhost)), context: context)

        // One beat (50 ms) for deadlines and keepalive, instead of a timer per connection (lws keeps
        // timers in a sorted list, which costs O(n) per insert with thousands of connections).
        // Timers only post and wake: the work then runs inside lws's service, where lws re-arms its
        // own timeouts. An lws_set_timeout called straight from a uv timer waits for the next socket event.
        loop.timer { [inbox, unowned self] in
            inbox.post(.beat)
            wake()
        }.start(after: Self.beatMilliseconds, repeating: Self.beatMilliseconds)
        projectorTimer = loop.timer { [inbox, unowned self] in
            inbox.post(.projectorsDue)
            wake()
        }

        while !server.stopRequested.load(ordering: .acquiring) {
            loop.runOnce()
        }
        shutDownGracefully(loop)
        server.contextEnded()
        loop.finish(destroying: context)
        // Text messages already handed to the gateway are tried and recorded before the process ends.
        admin.gateway?.drain()
    }

    /// Commits what is queued, hands out those acks, and closes every WebSocket with 1001, giving
    /// the peers `shutdownGraceSeconds` to take it all.
    private func shutDownGracefully(_ loop: LibuvLoop) {
        writer.stop()
        try? database.withdrawPresence()
        drainInbox()
        for connection in connections.values {
            connection.closing = (UInt16(LWS_CLOSE_STATUS_GOINGAWAY.rawValue), "server shutting down")
            lws_callback_on_writable(connection.wsi)
        }
        let deadline = Date().addingTimeInterval(Self.shutdownGraceSeconds)
        while !connections.isEmpty && Date() < deadline {
            loop.runOnce()
        }
    }

    /// How long a stopping server waits for its peers to take their last frames.
    static let shutdownGraceSeconds = 3.0
    /// The beat of deadlines and keepalive.
    static let beatMilliseconds: UInt64 = 50
    /// The least time between two projector snapshots: an answer is on screen within it (plus the
    /// commit), and 300 screens cost at most 40 snapshots each a second.
    static let projectorInterval = 0.025
    /// The least time between two updates of the stored 整改台账 while answers keep coming.
    static let registerSyncInterval = 0.5

    /// Dispatches one lws callback. Runs on the service thread.
    func handle(
        _ wsi: OpaquePointer, reason: lws_callback_reasons, session: UnsafeMutableRawPointer?,
        input: UnsafeMutableRawPointer?, length: Int
    ) -> Int32 {
        assertOnLoopThread()
        let slot = session?.assumingMemoryBound(to: UInt64.self)
        switch reason {
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            drainInbox()
        case LWS_CALLBACK_HTTP_CONFIRM_UPGRADE:
            return confirmUpgrade(wsi)
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            // Checked in confirmUpgrade already; kept as a backstop.
            return originAllowed(wsi) ? 0 : 1
        case LWS_CALLBACK_WS_PEER_INITIATED_CLOSE:
            return peerClosed(wsi, payload: input, length: length)
        case LWS_CALLBACK_ESTABLISHED:
            guard let slot else { return -1 }
            return establish(wsi, slot: slot)
        case LWS_CALLBACK_RECEIVE:
            guard let id = slot?.pointee, let connection = connections[id] else { return -1 }
            connection.heard()
            metrics.messagesReceived.increment()
            let result = receive(connection, input: input, length: length)
            // Under a flood of messages the loop may not reach the wake-up event for a while:
            // hand out committed acks between messages instead of after all of them.
            if inbox.hasEvents { drainInbox() }
            return result
        case LWS_CALLBACK_RECEIVE_PONG:
            if let id = slot?.pointee { connections[id]?.heard() }
        case LWS_CALLBACK_SERVER_WRITEABLE:
            guard let id = slot?.pointee, let connection = connections[id] else { return -1 }
            return writeNext(connection)
        case LWS_CALLBACK_CLOSED:
            if let id = slot?.pointee, let connection = connections.removeValue(forKey: id) {
                metrics.connectionsOpen.decrement()
                releaseUnauthenticated(connection)
                hub.disconnected(id)
            }
        case LWS_CALLBACK_RAW_ADOPT:
            // lws turns a CONNECT into a raw socket instead of handing it over as a request.
            return refuseConnect(wsi)
        case LWS_CALLBACK_HTTP:
            // A request pipelined behind an answer that closed the connection.
            guard let slot, lws_get_opaque_user_data(wsi) == nil else { return -1 }
            nextID += 1
            slot.pointee = nextID
            return beginHTTP(wsi, id: nextID)
        case LWS_CALLBACK_HTTP_BODY:
            // lws announces a POST's explicitly empty body (Content-Length: 0) as an empty piece of it.
            guard length > 0 else { return 0 }
            guard let id = slot?.pointee, let exchange = exchanges[id], let input, Date() < exchange.bodyDeadline else { return -1 }
            guard !exchange.lingering else { return 0 }
            exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
            if exchange.body.count > exchange.bodyLimit {
                return refuseAndLinger(exchange, .error(.tooLarge, "请求正文超过 \(exchange.bodyLimit) 字节"))
            }
        case LWS_CALLBACK_HTTP_BODY_COMPLETION:
            guard let id = slot?.pointee, let exchange = exchanges[id], !exchange.lingering else { return -1 }
            // lws also reports completion of an empty body we already answered.
            return exchange.answered ? 0 : respond(exchange, nil)
        case LWS_CALLBACK_CLOSED_HTTP, LWS_CALLBACK_HTTP_DROP_PROTOCOL:
            if let id = slot?.pointee {
                if let exchange = exchanges.removeValue(forKey: id) { releaseUpload(exchange) }
                responsesFlushing[id] = nil
            }
            return lws_callback_http_dummy(wsi, reason, session, input, length)
        default:
            return lws_callback_http_dummy(wsi, reason, session, input, length)
        }
        return 0
    }
}
