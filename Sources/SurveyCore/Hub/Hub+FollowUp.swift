/// 回访: supervisors who raised a row hear what was done and give their verdict.
extension Hub {
    /// A row was marked 已整改: each of `supervisors` gets the notice now on every open page, and in
    /// their welcome until they answer.
    public mutating func followUpStarted(_ notice: FollowUpNotice, supervisors: [String]) -> [HubAction] {
        let asked = Set(supervisors)
        for (id, notices) in followUps { followUps[id] = notices.filter { $0.row != notice.row } }
        for id in asked { followUps[id, default: []].append(notice) }
        let frame = ServerMessage.followUp(notice)
        let open = sessions.compactMap { connection, session in
            session.flatMap { asked.contains($0.id) ? connection : nil }
        }
        return open.sorted().map { .send($0, frame) }
    }

    /// The answer is stored: it is no longer asked for, and the page gets its ack.
    public mutating func followUpStored(row: Int, supervisorID: String, connection: ConnectionID) -> [HubAction] {
        followUps[supervisorID]?.removeAll { $0.row == row }
        return [.send(connection, ServerMessage.followUpAck(row: row))]
    }

    /// The supervisor with this id, and whether they have a page open now.
    public func supervisor(_ id: String) -> (supervisor: Supervisor, online: Bool)? {
        supervisorsByID[id].map { ($0, (liveConnections[id] ?? 0) > 0) }
    }

    /// The row was signed off: its 回访 is no longer asked for.
    /// The 回访 of `row` is over (signed off, or taken back to work): the pages still showing it are
    /// told, with `reason`, and take its card away.
    public mutating func followUpWithdrawn(row: Int, reason: String) -> [HubAction] {
        let waiting = Set(followUps.filter { $0.value.contains { $0.row == row } }.keys)
        for (id, notices) in followUps { followUps[id] = notices.filter { $0.row != row } }
        let frame = ServerMessage.followUpWithdrawn(row: row, reason: reason)
        let open = sessions.compactMap { connection, session in session.flatMap { waiting.contains($0.id) ? connection : nil } }
        return open.sorted().map { .send($0, frame) }
    }

    /// The 回访 still open for a supervisor.
    public func pendingFollowUps(of supervisorID: String) -> [FollowUpNotice] { followUps[supervisorID] ?? [] }

    mutating func answerFollowUp(
        row: Int, verdict: FollowUpVerdict, comment: String?, supervisor: Supervisor, connection: ConnectionID
    ) -> [HubAction] {
        guard followUps[supervisor.id]?.contains(where: { $0.row == row }) == true else {
            let error = ProtocolError(.notRaiser, "第 \(row) 项没有等您评价的回访：不是您反映的问题、已答复过，或该项已销号、已重新整改", ref: "followup_answer")
            return [.send(connection, ServerMessage.error(error))]
        }
        return [.storeFollowUp(connection, supervisorID: supervisor.id, row: row, verdict: verdict, comment: comment)]
    }
}
