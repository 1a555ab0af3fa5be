import CLws
import Foundation
import LwsSupport
import SurveyCore
import SurveyStore
import Synchronization

/// One process, one port: static pages, the admin API and the WebSocket endpoint over libwebsockets.
///
/// This is the handle other threads hold (the CLI, signal sources, the writer thread): atomics, the
/// inbox and semaphores, so it is `Sendable` without exceptions. Everything lws and the hub touch
/// lives in `ServerLoop`, which is handed to the service thread once and never leaves it. The writer
/// thread hands results back through `inbox` and wakes the loop with `lws_cancel_service`, the one
/// lws call safe from elsewhere.
public final class Server: Sendable {
    public let configuration: ServerConfiguration
    let database: SurveyDatabase
    let inbox = LoopInbox()
    let metrics = ServerMetrics()
    let stopRequested = Atomic<Bool>(false)
    /// The lws context while it lives (0 before and after), held while `wake()` uses it so that the
    /// loop cannot destroy it in between.
    private let contextPointer = Mutex<UInt>(0)
    private let startup = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)
    private let startupError = Mutex<String?>(nil)
    private let listeningPort = Atomic<Int>(0)
    /// The loop's starting state, loaded by `init` and taken by the service thread.
    private let handover: Mutex<LoopState?>
    /// The other nodes' announcements, when the store is shared (PostgreSQL).
    private let feed: ChangeFeed?

    /// Loads the live state from `database`. Call `start()` to listen.
    ///
    /// - Parameter reviewItems: the review items surveys may refer to and the report covers.
    public init(configuration: ServerConfiguration, database: SurveyDatabase, reviewItems: [ReviewItem]) throws {
        self.configuration = configuration
        self.database = database
        handover = Mutex(try LoopState(configuration: configuration, database: database, reviewItems: reviewItems))
        feed = ChangeFeed(database: database)
    }

    /// The port actually listened on (useful with port 0), once `start()` has returned.
    public var port: Int { listeningPort.load(ordering: .acquiring) }

    /// Starts the writer and the service thread, and returns once the port is listening.
    public func start() throws {
        let writer = GroupCommitWriter(database: database) { [inbox, metrics, weak self] result in
            metrics.recordCommit(result)
            if let failure = result.failure {
                ServerLog.error(
                    result.failed.isEmpty
                        ? "送达和阅读记录未能保存：\(failure)" : "\(result.failed.count) 份答卷未能保存（已告知提交者稍后重新提交）：\(failure)")
            }
            // Every batch, deliveries alone included: its outcome is the database's health.
            guard result.items > 0 else { return }
            inbox.post(.committed(result))
            self?.wake()
        }
        writer.start()
        let thread = Thread { [self] in
            if let state = handover.withLock({ $0.take() }) {
                ServerLoop(server: self, state: state, writer: writer).run()
            } else {
                failedToStart("服务器已启动过，不能再次启动")
            }
            finished.signal()
        }
        thread.name = "survey-lws"
        thread.start()
        startup.wait()
        if let message = startupError.withLock({ $0 }) {
            writer.stop()
            throw ServerError.cannotListen(message)
        }
        feed?.start { [inbox, database, weak self] batch in
            do {
                inbox.post(.otherNodes(try OtherNodesUpdate(reading: batch, from: database)))
                self?.wake()
            } catch {
                ServerLog.error("未能读取其他节点的变更（稍后重试）：\(error)")
            }
        }
    }

    /// Asks the server to stop. Safe from any thread and from signal sources.
    public func stop() {
        feed?.stop()
        stopRequested.store(true, ordering: .releasing)
        inbox.post(.stop)
        wake()
    }

    /// Blocks until the service loop has ended and pending writes are flushed.
    public func waitUntilStopped() {
        finished.wait()
    }

    /// Wakes the loop (`lws_cancel_service`): it then drains the inbox. Safe from any thread.
    func wake() {
        contextPointer.withLock { raw in
            if raw != 0, let context = OpaquePointer(bitPattern: raw) { lws_cancel_service(context) }
        }
    }

    // MARK: Called by the service thread

    /// The loop listens on `port`: `start()` may return.
    func listening(on port: Int, context: OpaquePointer) {
        listeningPort.store(port, ordering: .releasing)
        contextPointer.withLock { $0 = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(context))) }
        startup.signal()
    }

    /// The loop could not listen: `start()` throws `message`.
    func failedToStart(_ message: String) {
        startupError.withLock { $0 = message }
        startup.signal()
    }

    /// The context is about to be destroyed: `wake()` no longer touches it, and none is still using it.
    func contextEnded() {
        contextPointer.withLock { $0 = 0 }
    }
}

/// What the service thread starts from: the hub loaded from the database, and the admin API.
struct LoopState {
    var hub: Hub
    let admin: AdminAPI

    /// Loads the live state from `database`, as a server starts.
    init(configuration: ServerConfiguration, database: SurveyDatabase, reviewItems: [ReviewItem]) throws {
        hub = Hub(
            roster: try database.roster(), published: try database.published(), submissions: try database.submissions(),
            projectorTokenHashes: try database.projectorTokenHashes(), reviewItems: reviewItems,
            approvedComments: try database.approvedComments(), followUps: try database.pendingFollowUps(),
            categories: configuration.office.categories, projectorMinSample: configuration.projectorMinSample,
            maxConnectionsPerSupervisor: configuration.maxConnectionsPerSupervisor)
        admin = try AdminAPI(
            database: database, reviewItems: reviewItems, threshold: configuration.findingThreshold,
            calendar: configuration.workCalendar, evidenceDirectory: DataDirectory(path: configuration.dataDirectory).evidencePath,
            maxEvidenceBytes: configuration.maxEvidenceBytes, followUpPolicy: configuration.followUpPolicy)
        admin.office = configuration.office
        admin.publicURL = configuration.publicURL
        // Units' link tokens are kept readable only while the office file asks for links in texts.
        if !configuration.office.handover.smsLink { try database.forgetUnitLinks() }
        admin.gateway = configuration.smsCommand.map { TextMessageGateway(command: $0, database: database) }
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
