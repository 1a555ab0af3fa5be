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
        // Answers change the 台账 only through a sync, which announces `.register` itself.
        register = changed(.register)
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
                refreshUnitPages(hub.connectedUnits)
            }
        } catch {
            ServerLog.error("未能应用其他节点的变更：\(error)")
        }
    }
}
