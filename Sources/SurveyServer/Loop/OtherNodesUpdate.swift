import Foundation
import SurveyCore
import SurveyStore

/// What other nodes on the same store changed, read from its tables on the change feed's thread,
/// for the loop to apply: the hub's part, and whether the 整改台账 or the tokens changed.
struct OtherNodesUpdate: Sendable {
    var hub = OtherNodesChanges()
    var register = false
    var tokens = false

    /// Reads what `batch` names (everything, when announcements may have been missed).
    init(reading batch: ChangeBatch, from database: SurveyDatabase) throws {
        func changed(_ change: StoreChange) -> Bool { batch.resync || batch.changes.contains(change) }
        if changed(.surveys) { hub.published = try database.published() }
        if changed(.roster) { hub.roster = try database.roster() }
        if batch.resync {
            hub.submissions = try database.submissions()
        } else if !batch.submissionIDs.isEmpty {
            hub.submissions = try database.submissions(ids: batch.submissionIDs)
        }
        if changed(.comments) { hub.approvedComments = try database.approvedComments() }
        if changed(.projectorTokens) { hub.projectorTokenHashes = try database.projectorTokenHashes() }
        if changed(.followUps) { hub.followUps = try database.pendingFollowUps() }
        hub.reminders = batch.reminders
        register = changed(.register) || changed(.submissions)
        tokens = changed(.tokens)
    }
}

extension ServerLoop {
    /// Another node's changes reach this node's pages: pushes, closes, acks, tallies, projector
    /// comments, 回访, reminders, and fresh rows for open unit pages.
    func applyOtherNodes(_ update: OtherNodesUpdate) {
        let now = Date()
        perform(hub.apply(update.hub, at: now))
        if !update.hub.submissions.isEmpty { registerStale = true }
        do {
            if update.tokens {
                let reissued = try admin.reloadTokens()
                perform(hub.unitConnections(of: reissued).map { .close($0.connection, code: 4401, reason: "link reissued") })
            }
            if update.register {
                admin.registerChangedElsewhere()
                admin.unitsToRefresh.formUnion(hub.connectedUnits)
                perform(try admin.deferredActions(hub: hub, at: now))
            }
        } catch {
            ServerLog.error("未能应用其他节点的变更：\(error)")
        }
    }
}

extension ServerLoop {
    /// How often a node on a shared store says it is alive, and how soon a change of who is online
    /// here goes out.
    static let presenceHeartbeat: TimeInterval = 5
    static let presenceInterval: TimeInterval = 0.5

    /// Publishes, off the loop thread, who has a page open here when that changed, and a heartbeat
    /// otherwise, so that a reminder on another node counts them as online.
    func publishPresenceIfDue(at now: Date) {
        guard database.isShared, !presencePublishing else { return }
        let online = hub.onlineSupervisorIDs
        let since = now.timeIntervalSince(lastPresencePublish)
        guard since >= Self.presenceHeartbeat || (online != publishedPresence && since >= Self.presenceInterval) else { return }
        let (added, removed) = (online.subtracting(publishedPresence), publishedPresence.subtracting(online))
        presencePublishing = true
        lastPresencePublish = now
        let (database, inbox, server) = (database, inbox, server)
        DispatchQueue.global(qos: .utility).async {
            let result = Result { try database.publishPresence(added: added, removed: removed, at: now) }.mapError { RegisterSyncError(message: "\($0)") }
            inbox.post(.presencePublished(online, result))
            server.wake()
        }
    }

    func presencePublished(_ online: Set<String>, _ result: Result<Void, RegisterSyncError>) {
        presencePublishing = false
        switch result {
        case .success: publishedPresence = online
        case .failure(let error): ServerLog.error("未能向其他节点登记在线的监督员（稍后重试）：\(error)")
        }
    }
}
