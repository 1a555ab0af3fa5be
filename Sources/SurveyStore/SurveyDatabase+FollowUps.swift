import Foundation
import SurveyCore

extension SurveyDatabase {
    /// The 回访 figures of every row that has been followed up, by row key.
    static func followUpTallies(_ db: any SQLConnection) throws -> [String: FollowUpTally] {
        var tallies: [String: FollowUpTally] = [:]
        for row in try db.fetchAll(SQLRow.self, sql: "SELECT row_key, sent_at, verdict, comment FROM followups ORDER BY sent_at, supervisor_id") {
            var tally = tallies[row["row_key"]] ?? FollowUpTally()
            tally.asked += 1
            tally.sentAt = max(tally.sentAt ?? "", row["sent_at"] as String)
            switch (row["verdict"] as String?).flatMap(FollowUpVerdict.init(rawValue:)) {
            case .satisfied: tally.satisfied += 1
            case .basic: tally.basic += 1
            case .unsatisfied: tally.unsatisfied += 1
            case nil: break
            }
            if let comment = row["comment"] as String?, !comment.isEmpty { tally.comments.append(comment) }
            tallies[row["row_key"]] = tally
        }
        return tallies
    }

    /// Sends the 回访 of row `number` to `supervisors` afresh (a row marked 已整改 again asks again).
    public func startFollowUp(_ notice: FollowUpNotice, number: Int, supervisors: [String], at now: Date) throws {
        try store.write { db in
            try announce(db, [.followUps])
            guard let key = try db.fetchOne(String.self, sql: "SELECT key FROM rectification_items WHERE number = ?", arguments: [number])
            else { return }
            try db.execute(sql: "DELETE FROM followups WHERE row_key = ?", arguments: [key])
            for supervisor in supervisors {
                try db.execute(
                    sql: """
                        INSERT INTO followups (row_key, supervisor_id, notice, sent_at)
                        SELECT ?, id, ?, ? FROM supervisors WHERE id = ?
                        """, arguments: [key, CanonicalJSON.string(notice), Timestamp.string(now), supervisor])
            }
            try Self.audit(db, actor: "system", action: "followup", detail: "第 \(number) 项 回访 \(supervisors.count) 人", at: now)
        }
    }

    /// Unanswered 回访 notices per supervisor, for their next visit: only of rows marked 已整改 and
    /// not yet signed off or taken back.
    public func pendingFollowUps() throws -> [String: [FollowUpNotice]] {
        try store.read { db in
            var pending: [String: [FollowUpNotice]] = [:]
            for row in try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT f.supervisor_id, f.notice FROM followups f JOIN rectification_items i ON i.key = f.row_key
                    WHERE f.verdict IS NULL AND i.status = 'rectified' ORDER BY f.sent_at
                    """)
            {
                let notice = try StoredValue.json(FollowUpNotice.self, row["notice"], column: "followups.notice")
                pending[row["supervisor_id"], default: []].append(notice)
            }
            return pending
        }
    }

    /// Records a supervisor's 回访 answer; false when they have no open 回访 on that row.
    public func answerFollowUp(number: Int, supervisor: String, verdict: FollowUpVerdict, comment: String?, at now: Date) throws -> Bool {
        try store.write { db in
            try announce(db, [.followUps, .register])
            let answered = try db.execute(
                sql: """
                    UPDATE followups SET verdict = ?, comment = ?, answered_at = ?
                    WHERE supervisor_id = ? AND verdict IS NULL
                        AND row_key = (SELECT key FROM rectification_items WHERE number = ? AND status = 'rectified')
                    """, arguments: [verdict.rawValue, comment, Timestamp.string(now), supervisor, number])
            guard answered == 1 else { return false }
            try Self.audit(db, actor: supervisor, action: "followup-answer", detail: "第 \(number) 项 \(verdict.label)", at: now)
            return true
        }
    }
}
