import Foundation
import Synchronization

/// What the other nodes announced since the last delivery, merged. `resync` means announcements may
/// have been missed (the feed has just (re)connected): everything must be read again from the tables.
public struct ChangeBatch: Sendable, Equatable {
    public var changes: Set<StoreChange> = []
    public var submissionIDs: [String] = []
    public var reminders: [String] = []
    public var resync = false

    public init() {}

    mutating func add(_ announcement: StoreAnnouncement) {
        changes.formUnion(announcement.changes)
        if announcement.changes.contains(.submissions) {
            submissionIDs += announcement.argument.split(separator: ",").map(String.init)
        }
        if announcement.changes.contains(.remind), !announcement.argument.isEmpty { reminders.append(announcement.argument) }
    }

    var isEmpty: Bool { changes.isEmpty && !resync }
}

/// Listens for the other nodes' announcements on a connection of its own (LISTEN), on a thread of
/// its own, and hands them over in batches. A lost connection is retried every second; after each
/// (re)connection the batch says `resync`, since announcements made meanwhile are gone.
public final class ChangeFeed: Sendable {
    private let store: PostgresStore
    private let node: String
    private let stopping = Atomic<Bool>(false)

    /// Nil for a store with one node (SQLite).
    public init?(database: SurveyDatabase) {
        guard let store = database.store as? PostgresStore else { return nil }
        self.store = store
        node = database.node
    }

    /// Starts the thread; `deliver` runs on it, once per batch.
    public func start(_ deliver: @escaping @Sendable (ChangeBatch) -> Void) {
        let thread = Thread { [self] in run(deliver) }
        thread.name = "survey-changes"
        thread.start()
    }

    /// Asks the thread to stop; it does within half a second.
    public func stop() {
        stopping.store(true, ordering: .releasing)
    }

    private func run(_ deliver: @Sendable (ChangeBatch) -> Void) {
        var connection: PostgresConnection?
        while !stopping.load(ordering: .acquiring) {
            do {
                var batch = ChangeBatch()
                if connection == nil {
                    let fresh = try store.dedicatedConnection()
                    try fresh.executeScript("LISTEN \(store.channel)")
                    connection = fresh
                    batch.resync = true
                }
                for notice in try connection?.notifications(timeout: 0.5) ?? [] {
                    guard let announcement = StoreAnnouncement(payload: notice.payload), announcement.node != node else { continue }
                    batch.add(announcement)
                }
                if !batch.isEmpty { deliver(batch) }
            } catch {
                connection = nil
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}
