import Foundation
import SurveyCore
import SurveyStore

/// The 台账's live side: units' pages and supervisors' 回访 answers. Like the admin API's changes,
/// they are decided on the loop thread, stored on the admin writes queue one at a time, and their
/// pages are told when stored.
extension ServerLoop {
    /// Carries out one register action off the loop thread and performs what it leads to.
    func performRegisterAction(_ action: HubAction) {
        let now = Date()
        let (context, findings, connectedUnits) = (admin.registerContext, hub.findings, hub.connectedUnits)
        let work: @Sendable (SurveyDatabase) throws -> HubApply
        // A hello only reads: it does not wait behind the changes being stored.
        var queue = adminWrites
        switch action {
        case .authenticateUnit(let connection, let token):
            // The token is checked in memory; the unit's rows are read off the loop thread.
            guard let unit = admin.unitName(token: token) else {
                return perform(Hub.badToken(connection, "单位链接无效或已被更换，请向政务服务办索取新链接", ref: "unit_hello"))
            }
            hub.unitAuthenticated(connection, unit: unit)
            queue = .global(qos: .userInitiated)
            work = { database in
                let frames = try context.unitFrames(units: [unit], database: database, findings: findings)
                return { _ in frames[unit].map { [.send(connection, $0)] } ?? [] }
            }
        case .unitRequest(let connection, let unit, let request):
            work = { database in
                try AdminAPI.unitStep(
                    connection, unit: unit, request, context: context, findings: findings, connectedUnits: connectedUnits, database: database, at: now)
            }
        case .storeFollowUp(let connection, let supervisorID, let row, let verdict, let comment):
            work = { database in
                guard try database.answerFollowUp(number: row, supervisor: supervisorID, verdict: verdict, comment: comment, at: now) else {
                    let error = ServerMessage.error(ProtocolError(.notRaiser, "第 \(row) 项的回访已答复或已撤回", ref: "followup_answer"))
                    return { _ in [.send(connection, error)] }
                }
                return { hub in hub.followUpStored(row: row, supervisorID: supervisorID, connection: connection) }
            }
        default:
            return
        }
        let database = database
        offLoop(on: queue) {
            try work(database)
        } then: { [unowned self] result in
            switch result {
            case .success(let apply):
                perform(apply(&hub))
            case .failure(let error):
                ServerLog.error("整改台账操作未能保存：\(error)")
                guard let connection = action.connection else { return }
                perform([.send(connection, ServerMessage.error(ProtocolError(.storageFailed, "保存失败，未作任何更改，请稍后重试")))])
            }
        }
    }

    /// Lets the 整改台账 take in the problems that answers committed since the last time brought past
    /// the threshold (and new case leads), at most every `registerSyncInterval`. The sync reads and
    /// writes the database, so it runs off the loop thread on a copy of the findings; readers of the
    /// register only read.
    func syncRegisterIfDue(at now: Date) {
        guard registerStale, !registerSyncRunning, now.timeIntervalSince(lastRegisterSync) >= Self.registerSyncInterval else { return }
        registerStale = false
        registerSyncRunning = true
        lastRegisterSync = now
        let sync = admin.registerSync(findings: hub.findings)
        offLoop {
            try sync.run(at: now)
        } then: { [unowned self] in
            registerSynced($0)
        }
    }

    /// Checks the 台账 for rows due a reminder or a 督办 every `reminderCheckSeconds`, off the loop
    /// thread: it reads the rows and writes each reminder it sends.
    func sendRemindersIfDue(at now: Date) {
        guard !remindersRunning, now.timeIntervalSince(lastReminderCheck) >= configuration.reminderCheckSeconds else { return }
        remindersRunning = true
        lastReminderCheck = now
        let job = admin.deadlineReminders()
        offLoop {
            try job.run(at: now)
        } then: { [unowned self] in
            remindersSent($0)
        }
    }

    /// The reminders went out: their units' open pages get their rows.
    func remindersSent(_ result: Result<Set<String>, any Error>) {
        remindersRunning = false
        _ = refreshUnits(after: result, failing: "到期提醒未能发送（稍后重试）")
    }

    /// The sync off the loop thread ended: the pages of reopened rows' units get their rows.
    func registerSynced(_ result: Result<Set<String>, any Error>) {
        registerSyncRunning = false
        if !refreshUnits(after: result, failing: "整改台账未能更新（稍后重试）") { registerStale = true }
    }

    /// Sends the open pages of the units a job off the loop changed their rows; logs why it failed.
    /// Returns whether the job succeeded.
    private func refreshUnits(after result: Result<Set<String>, any Error>, failing message: String) -> Bool {
        do {
            refreshUnitPages(try result.get())
            return true
        } catch {
            ServerLog.error("\(message)：\(error)")
            return false
        }
    }
}

extension ServerLoop {
    /// Sends every open page of `units` its rows, read off the loop thread with the tally as the hub
    /// has it now.
    func refreshUnitPages(_ units: Set<String>) {
        let open = units.intersection(hub.connectedUnits)
        guard !open.isEmpty else { return }
        let (context, findings, database) = (admin.registerContext, hub.findings, database)
        offLoop(on: .global(qos: .userInitiated)) {
            try context.unitFrames(units: open, database: database, findings: findings)
        } then: { [unowned self] result in
            switch result {
            case .success(let frames): perform(RegisterContext.sends(frames, hub: hub))
            case .failure(let error): ServerLog.error("单位页面的整改事项未能更新：\(error)")
            }
        }
    }
}

extension HubAction {
    /// The connection a register action answers on.
    var connection: ConnectionID? {
        switch self {
        case .authenticateUnit(let connection, _), .unitRequest(let connection, _, _), .storeFollowUp(let connection, _, _, _, _): connection
        default: nil
        }
    }
}
