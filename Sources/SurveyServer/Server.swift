import CLws
import Foundation
import Synchronization
import SurveyCore
import SurveyStore

/// One process, one port: static pages, the admin API and the WebSocket endpoint over libwebsockets.
///
/// Every lws call and all hub state stay on the service thread. The writer thread hands results back
/// through `inbox` and wakes the loop with `lws_cancel_service`, the one lws call safe from elsewhere.
public final class Server: @unchecked Sendable {
    public let configuration: ServerConfiguration
    private let database: SurveyDatabase
    private let inbox = LoopInbox()
    private let stopRequested = Atomic<Bool>(false)
    private let contextPointer = Atomic<UInt>(0)
    private let startup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private var startupError: String?
    private var writer: GroupCommitWriter?
    private let listeningPort = Atomic<Int>(0)

    // Loop-thread state.
    private var hub: Hub
    private let admin: AdminAPI
    private var connections: [ConnectionID: WebSocketConnection] = [:]
    private var exchanges: [UInt64: HTTPExchange] = [:]
    private var nextID: UInt64 = 0
    private var scratch: [UInt8] = []
    private let strings = CStrings()

    /// Loads the live state from `database`. Call `start()` to listen.
    ///
    /// - Parameter reviewItems: the review items surveys may refer to and the report covers.
    public init(configuration: ServerConfiguration, database: SurveyDatabase, reviewItems: [ReviewItem]) throws {
        self.configuration = configuration
        self.database = database
        self.hub = Hub(
            roster: try database.roster(), published: try database.published(), submissions: try database.submissions(),
            projectorTokenHashes: try database.projectorTokenHashes(), reviewItems: reviewItems,
            approvedComments: try database.approvedComments())
        self.admin = try AdminAPI(database: database, reviewItems: reviewItems, threshold: configuration.findingThreshold)
    }

    /// The port actually listened on (useful with port 0), once `start()` has returned.
    public var port: Int { listeningPort.load(ordering: .acquiring) }

    /// Starts the writer and the service thread, and returns once the port is listening.
    public func start() throws {
        let writer = GroupCommitWriter(database: database) { [inbox, weak self] result in
            inbox.post(.committed(result))
            self?.wake()
        }
        self.writer = writer
        writer.start()
        let thread = Thread { [self] in serviceLoop() }
        thread.name = "survey-lws"
        thread.start()
        startup.wait()
        if let startupError {
            writer.stop()
            throw ServerError.cannotListen(startupError)
        }
    }

    /// Asks the server to stop. Safe from any thread and from signal sources.
    public func stop() {
        stopRequested.store(true, ordering: .releasing)
        inbox.post(.stop)
        wake()
    }

    /// Blocks until the service loop has ended and pending writes are flushed.
    public func waitUntilStopped() {
        finished.wait()
    }

    private func wake() {
        let raw = contextPointer.load(ordering: .acquiring)
        if raw != 0, let context = OpaquePointer(bitPattern: raw) { lws_cancel_service(context) }
    }

    // MARK: Service thread

    private func serviceLoop() {
        survey_lws_quiet_logs()
        let protocols = UnsafeMutablePointer<lws_protocols>.allocate(capacity: 2)
        protocols.initialize(repeating: lws_protocols(), count: 2)
        protocols[0].name = strings.keep("survey")
        protocols[0].callback = surveyLwsCallback
        protocols[0].per_session_data_size = MemoryLayout<UInt64>.size
        protocols[0].rx_buffer_size = 16 * 1024
        defer { protocols.deallocate() }

        let mounts = UnsafeMutablePointer<lws_http_mount>.allocate(capacity: 3)
        mounts.initialize(repeating: lws_http_mount(), count: 3)
        defer { mounts.deallocate() }
        for (index, path) in ["/api", "/healthz"].enumerated() {
            mounts[index].mount_next = UnsafePointer(mounts + index + 1)
            mounts[index].mountpoint = strings.keep(path)
            mounts[index].mountpoint_len = UInt8(path.utf8.count)
            mounts[index].origin = strings.keep("survey")
            mounts[index].origin_protocol = UInt8(LWSMPRO_CALLBACK.rawValue)
        }
        mounts[2].mountpoint = strings.keep("/")
        mounts[2].mountpoint_len = 1
        mounts[2].origin = strings.keep(URL(fileURLWithPath: configuration.webRoot).standardizedFileURL.path)
        mounts[2].def = strings.keep("index.html")
        mounts[2].origin_protocol = UInt8(LWSMPRO_FILE.rawValue)

        var info = lws_context_creation_info()
        info.port = Int32(configuration.port)
        info.iface = configuration.host == "0.0.0.0" ? nil : strings.keep(configuration.host)
        info.protocols = UnsafePointer(protocols)
        info.mounts = UnsafePointer(mounts)
        info.vhost_name = strings.keep("survey")
        info.alpn = strings.keep("http/1.1")
        info.options = survey_lws_server_options()
        info.timeout_secs = 20
        info.user = Unmanaged.passUnretained(self).toOpaque()

        guard let context = lws_create_context(&info) else {
            startupError = "无法在 \(configuration.host):\(configuration.port) 上监听（端口被占用或无权限）"
            startup.signal()
            finished.signal()
            return
        }
        if let vhost = lws_get_vhost_by_name(context, "survey") {
            listeningPort.store(Int(lws_get_vhost_listen_port(vhost)), ordering: .releasing)
        }
        contextPointer.store(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context))), ordering: .releasing)
        startup.signal()

        while !stopRequested.load(ordering: .acquiring) {
            if lws_service(context, 0) < 0 { break }
        }
        writer?.stop()
        contextPointer.store(0, ordering: .releasing)
        lws_context_destroy(context)
        finished.signal()
    }

    /// Dispatches one lws callback. Runs on the service thread.
    func handle(
        _ wsi: OpaquePointer, reason: lws_callback_reasons, session: UnsafeMutableRawPointer?,
        input: UnsafeMutableRawPointer?, length: Int
    ) -> Int32 {
        let slot = session?.assumingMemoryBound(to: UInt64.self)
        switch reason {
        case LWS_CALLBACK_EVENT_WAIT_CANCELLED:
            drainInbox()
        case LWS_CALLBACK_FILTER_PROTOCOL_CONNECTION:
            return 0
        case LWS_CALLBACK_ESTABLISHED:
            guard let slot else { return -1 }
            nextID += 1
            slot.pointee = nextID
            connections[nextID] = WebSocketConnection(id: nextID, wsi: wsi)
            hub.connected(nextID)
        case LWS_CALLBACK_RECEIVE:
            guard let id = slot?.pointee, let connection = connections[id] else { return -1 }
            return receive(connection, input: input, length: length)
        case LWS_CALLBACK_SERVER_WRITEABLE:
            guard let id = slot?.pointee, let connection = connections[id] else { return -1 }
            return writeNext(connection)
        case LWS_CALLBACK_TIMER:
            guard let id = slot?.pointee, let connection = connections[id] else { return 0 }
            connection.refreshPending = false
            if let frame = hub.projectorSnapshot(for: id, at: Date()) { perform([.send(id, frame)]) }
        case LWS_CALLBACK_CLOSED:
            if let id = slot?.pointee, connections.removeValue(forKey: id) != nil {
                hub.disconnected(id)
            }
        case LWS_CALLBACK_HTTP:
            guard let slot else { return -1 }
            nextID += 1
            slot.pointee = nextID
            return beginHTTP(wsi, id: nextID)
        case LWS_CALLBACK_HTTP_BODY:
            guard let id = slot?.pointee, let exchange = exchanges[id], let input else { return -1 }
            exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: input, count: length))
            if exchange.body.count > configuration.maxRequestBodyBytes {
                exchange.body = []
                return respond(exchange, .error(413, "too_large", "请求正文超过 \(configuration.maxRequestBodyBytes) 字节"))
            }
        case LWS_CALLBACK_HTTP_BODY_COMPLETION:
            guard let id = slot?.pointee, let exchange = exchanges[id] else { return -1 }
            // lws also reports completion of an empty body we already answered.
            return exchange.answered ? 0 : respond(exchange, nil)
        case LWS_CALLBACK_CLOSED_HTTP, LWS_CALLBACK_HTTP_DROP_PROTOCOL:
            if let id = slot?.pointee { exchanges[id] = nil }
            return lws_callback_http_dummy(wsi, reason, session, input, length)
        default:
            return lws_callback_http_dummy(wsi, reason, session, input, length)
        }
        return 0
    }

    // MARK: WebSocket

    private func receive(_ connection: WebSocketConnection, input: UnsafeMutableRawPointer?, length: Int) -> Int32 {
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
        if lws_frame_is_binary(wsi) != 0 {
            perform([.send(connection.id, ServerMessage.error(ProtocolError(.badMessage, "只接受文本帧（JSON）")))])
            return 0
        }
        perform(hub.received(message, from: connection.id, at: Date()))
        return 0
    }

    private func writeNext(_ connection: WebSocketConnection) -> Int32 {
        guard let frame = connection.dequeue() else {
            if let closing = connection.closing {
                return closeNow(connection.wsi, status: lws_close_status(rawValue: UInt32(closing.code)), reason: closing.reason)
            }
            return 0
        }
        let pre = survey_lws_pre()
        if scratch.count < pre + frame.count { scratch = [UInt8](repeating: 0, count: pre + frame.count) }
        let written = scratch.withUnsafeMutableBufferPointer { buffer -> Int32 in
            let start = buffer.baseAddress! + pre
            frame.withUnsafeBufferPointer { start.update(from: $0.baseAddress!, count: frame.count) }
            return lws_write(connection.wsi, start, frame.count, LWS_WRITE_TEXT)
        }
        if written < Int32(frame.count) { return -1 }
        if connection.hasQueuedFrames || connection.closing != nil { lws_callback_on_writable(connection.wsi) }
        return 0
    }

    private func closeNow(_ wsi: OpaquePointer, status: lws_close_status, reason: String) -> Int32 {
        var bytes = Array(reason.utf8.prefix(120))
        lws_close_reason(wsi, status, &bytes, bytes.count)
        return -1
    }

    /// Carries out hub actions: queue frames, schedule closes, hand writes to the writer.
    private func perform(_ actions: [HubAction]) {
        var writes: [WriteItem] = []
        for action in actions {
            switch action {
            case .send(let id, let frame):
                guard let connection = connections[id], connection.closing == nil else { continue }
                if connection.enqueue(frame, limit: configuration.maxOutboxBytes) {
                    lws_callback_on_writable(connection.wsi)
                } else {
                    connection.closing = (UInt16(LWS_CLOSE_STATUS_POLICY_VIOLATION.rawValue), "slow consumer: outbox full")
                    lws_callback_on_writable(connection.wsi)
                }
            case .close(let id, let code, let reason):
                guard let connection = connections[id] else { continue }
                connection.closing = (code, reason)
                lws_callback_on_writable(connection.wsi)
            case .store(let record):
                writes.append(.submission(record))
            case .record(let event):
                writes.append(.delivery(event))
            case .refreshProjectors:
                scheduleProjectorRefresh()
            }
        }
        writer?.enqueue(writes)
    }

    /// Projector snapshots are coalesced: at most one per connection every 200 ms.
    private func scheduleProjectorRefresh() {
        for id in hub.projectorConnections {
            guard let connection = connections[id], !connection.refreshPending else { continue }
            connection.refreshPending = true
            lws_set_timer_usecs(connection.wsi, 200_000)
        }
    }

    private func drainInbox() {
        for event in inbox.drain() {
            switch event {
            case .committed(let result):
                perform(hub.committed(result.committed) + hub.failedToStore(result.failed))
            case .stop:
                break
            }
        }
    }

    // MARK: HTTP admin API

    private func beginHTTP(_ wsi: OpaquePointer, id: UInt64) -> Int32 {
        let isPost = lws_hdr_total_length(wsi, WSI_TOKEN_POST_URI) > 0
        let path = header(wsi, isPost ? WSI_TOKEN_POST_URI : WSI_TOKEN_GET_URI) ?? "/"
        let request = HTTPRequest(
            method: isPost ? "POST" : (lws_hdr_total_length(wsi, WSI_TOKEN_GET_URI) > 0 ? "GET" : "OTHER"),
            path: path, query: queryArguments(wsi), authorization: header(wsi, WSI_TOKEN_HTTP_AUTHORIZATION))
        let exchange = HTTPExchange(wsi: wsi, request: request)
        exchanges[id] = exchange
        // A POST with a body waits for it; everything else is answered now.
        let hasBody = (Int(header(wsi, WSI_TOKEN_HTTP_CONTENT_LENGTH) ?? "0") ?? 0) > 0
            || header(wsi, WSI_TOKEN_HTTP_TRANSFER_ENCODING) != nil
        return isPost && hasBody ? 0 : respond(exchange, nil)
    }

    /// The URL's query arguments, which lws has already split at `&` and URL-decoded.
    private func queryArguments(_ wsi: OpaquePointer) -> [(name: String, value: String)] {
        var arguments: [(name: String, value: String)] = []
        var buffer = [CChar](repeating: 0, count: 4096)
        for index in 0..<64 {
            let length = lws_hdr_copy_fragment(wsi, &buffer, Int32(buffer.count), WSI_TOKEN_HTTP_URI_ARGS, Int32(index))
            guard length > 0 else { break }
            let text = String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            arguments.append((String(parts[0]), parts.count > 1 ? String(parts[1]) : ""))
        }
        return arguments
    }

    private func header(_ wsi: OpaquePointer, _ token: lws_token_indexes) -> String? {
        let length = Int(lws_hdr_total_length(wsi, token))
        guard length > 0 else { return nil }
        var buffer = [CChar](repeating: 0, count: length + 1)
        guard lws_hdr_copy(wsi, &buffer, Int32(buffer.count), token) >= 0 else { return nil }
        return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Computes the response (unless given) and writes it whole: headers, then body.
    ///
    /// lws keeps any part the socket does not take and sends it when writable, so one write suffices;
    /// then the transaction completes and a keep-alive connection is ready for the next request.
    private func respond(_ exchange: HTTPExchange, _ given: HTTPResponse?) -> Int32 {
        let response: HTTPResponse
        if let given {
            response = given
        } else {
            exchange.request.body = exchange.body
            let (computed, actions) = admin.handle(exchange.request, hub: &hub, at: Date())
            perform(actions)
            response = computed
        }
        exchange.answered = true
        let pre = survey_lws_pre()
        var buffer = [UInt8](repeating: 0, count: pre + 1024 + response.body.count)
        let written = buffer.withUnsafeMutableBufferPointer { buffer -> Bool in
            let start = buffer.baseAddress! + pre
            let end = start + 1023
            var cursor: UnsafeMutablePointer<UInt8>? = start
            guard lws_add_http_common_headers(
                exchange.wsi, UInt32(response.status), "application/json; charset=utf-8",
                lws_filepos_t(response.body.count), &cursor, end) == 0
            else { return false }
            let noStore = "no-store"
            guard lws_add_http_header_by_name(exchange.wsi, "cache-control:", noStore, Int32(noStore.utf8.count), &cursor, end) == 0,
                  lws_finalize_http_header(exchange.wsi, &cursor, end) == 0,
                  let headerEnd = cursor
            else { return false }
            let headerLength = headerEnd - start
            guard lws_write(exchange.wsi, start, headerLength, LWS_WRITE_HTTP_HEADERS) == Int32(headerLength) else { return false }
            let body = start + headerLength
            response.body.withUnsafeBufferPointer { body.update(from: $0.baseAddress!, count: response.body.count) }
            return lws_write(exchange.wsi, body, response.body.count, LWS_WRITE_HTTP_FINAL) == Int32(response.body.count)
        }
        guard written else { return -1 }
        return lws_http_transaction_completed(exchange.wsi) != 0 ? -1 : 0
    }
}

/// Why the server could not start.
public enum ServerError: Error, CustomStringConvertible {
    case cannotListen(String)

    public var description: String {
        switch self {
        case .cannotListen(let message): message
        }
    }
}
