import Foundation
import SurveyStore

extension ServerLoop {
    /// How often a node on a shared store says it is alive, and how soon a change of who is online
    /// here goes out.
    static let presenceHeartbeat: TimeInterval = 5
    static let presenceInterval: TimeInterval = 0.5

    /// Publishes, off the loop thread, who has a page open here when that changed, and a heartbeat
    /// otherwise, so that a reminder on another node counts them as online.
    func publishPresenceIfDue(at now: Date) {
        let since = now.timeIntervalSince(lastPresencePublish)
        // Most beats (every 50 ms) end here, before the online set is built.
        guard since >= Self.presenceInterval, database.isShared, !presencePublishing else { return }
        let online = hub.onlineSupervisorIDs
        guard since >= Self.presenceHeartbeat || online != publishedPresence else { return }
        let (added, removed) = (online.subtracting(publishedPresence), publishedPresence.subtracting(online))
        presencePublishing = true
        lastPresencePublish = now
        let database = database
        offLoop {
            try database.publishPresence(added: added, removed: removed, at: now)
        } then: { [unowned self] in
            presencePublished(online, $0)
        }
    }

    func presencePublished(_ online: Set<String>, _ result: Result<Void, any Error>) {
        presencePublishing = false
        switch result {
        case .success:
            publishedPresence = online
            admin.databaseTrouble = nil
        case .failure(let error):
            admin.databaseTrouble = "\(error)"
            ServerLog.error("未能向其他节点登记在线的监督员（稍后重试）：\(error)")
        }
    }
}
