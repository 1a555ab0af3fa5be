import Foundation
import SurveyAPI
import SurveyCore

extension SurveyDatabase {
    /// The rows staff work on, with their fields; counts are filled in from the tally by `Register`.
    public func rectificationRows() throws -> [RectificationRow] {
        try store.read { db in
            let files = try Self.evidenceFiles(db)
            let followUps = try Self.followUpTallies(db)
            return try db.fetchAll(SQLRow.self, sql: "SELECT * FROM rectification_items ORDER BY number").map { row in
                var item = RectificationRow(
                    number: row["number"], key: FindingKey(item: row["item_id"], problem: row["problem"], caseID: row["case_id"], round: row["round"]),
                    itemTitle: row["item_title"], unit: row["unit"], measure: row["measure"], deadline: row["deadline"],
                    status: try StoredValue.named(RectificationStatus.self, row["status"], column: "rectification_items.status"),
                    notes: try StoredValue.json([String].self, row["notes"], column: "rectification_items.notes"),
                    evidence: row["evidence"], signer: row["signer"], signedOffAt: row["signed_off_at"])
                item.kind = try StoredValue.named(RowKind.self, row["kind"], column: "rectification_items.kind")
                item.items = try StoredValue.json([String].self, row["items"], column: "rectification_items.items")
                item.source = row["source_survey"]
                item.raisedOn = row["raised_on"]
                item.supervisorID = row["supervisor_id"]
                item.detail = row["detail"]
                if let measures = row["measures"] as String? {
                    item.measures = try StoredValue.json([Measure].self, measures, column: "rectification_items.measures")
                }
                item.partners = try StoredValue.json([String].self, row["partners"], column: "rectification_items.partners")
                item.category = try (row["category"] as String?).map {
                    try StoredValue.named(RectificationCategory.self, $0, column: "rectification_items.category")
                }
                item.owner = row["owner"]
                item.completedOn = row["completed_on"]
                item.opinion = row["opinion"]
                item.shareable = row["shareable"]
                item.evidenceFiles = files[row["key"]] ?? []
                item.followUp = followUps[row["key"]]
                item.previous = row["previous_number"]
                item.channel = row["channel"]
                item.reference = row["reference"]
                item.verification = try (row["verification"] as String?).map {
                    try StoredValue.named(LeadVerification.self, $0, column: "rectification_items.verification")
                }
                item.verificationNote = row["verification_note"]
                item.assignedOn = row["assigned_on"]
                item.deadlineWorkingDays = row["deadline_working_days"]
                item.urges = try StoredValue.json([String].self, row["urges"], column: "rectification_items.urges")
                item.reminders = try StoredValue.json([String].self, row["reminders"], column: "rectification_items.reminders")
                item.handoverNumber = row["handover_number"]
                item.receiptName = row["receipt_name"]
                item.receiptAt = row["receipt_at"]
                if item.kind != .concentrated { (item.raisedBy, item.asked) = (1, 1) }
                return item
            }
        }
    }

    /// Each stored row's number by its key: all a sync of the register needs to know of them.
    public func rectificationNumbers() throws -> [FindingKey: Int] {
        try store.read { db in
            let rows = try db.fetchAll(SQLRow.self, sql: "SELECT number, item_id, problem, case_id, round FROM rectification_items")
            return Dictionary(
                rows.map { (FindingKey(item: $0["item_id"], problem: $0["problem"], caseID: $0["case_id"], round: $0["round"]), $0["number"] as Int) },
                uniquingKeysWith: max)
        }
    }

    /// Stores rows that have just passed the threshold, so that their numbers are fixed.
    /// `actor` names who entered them by hand (rows from the answers are the system's).
    public func addRectificationRows(_ rows: [RectificationRow], actor: String = "system", at now: Date) throws {
        guard !rows.isEmpty else { return }
        try store.write { db in
            try announce(db, [.register])
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO rectification_items (key, number, item_id, problem, item_title, status, deadline, kind, case_id,
                            items, source_survey, raised_on, supervisor_id, detail, created_at, updated_at, round, previous_number,
                        channel, reference, verification, unit, measure, measures, owner, notes, evidence, assigned_on,
                        deadline_working_days)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(key) DO NOTHING
                        """,
                    arguments: [
                        row.key.id, row.number, row.key.item, row.key.problem, row.itemTitle, row.status.rawValue, row.deadline,
                        row.kind.rawValue, row.key.caseID, CanonicalJSON.string(row.items), row.source, row.raisedOn,
                        row.supervisorID, row.detail, Timestamp.string(now), Timestamp.string(now), row.key.round, row.previous,
                        row.channel, row.reference, row.verification?.rawValue, row.unit, row.measure,
                        row.measures.isEmpty ? nil : CanonicalJSON.string(row.measures), row.owner, CanonicalJSON.string(row.notes),
                        row.evidence, row.assignedOn, row.deadlineWorkingDays,
                    ])
            }
            try Self.audit(
                db, actor: actor, action: actor == "system" ? "rectify-identify" : "rectify-add",
                detail: rows.map { "\($0.number) \($0.channel.map { "[\($0)] " } ?? "")\($0.key.problem)" }.joined(separator: "；"), at: now)
        }
    }

    /// Saves a row after a workflow step, with every field's old and new value in the trail.
    public func saveRectificationRow(_ row: RectificationRow, changes: [FieldChange], actor: String, at now: Date) throws {
        try store.write { db in
            try announce(db, [.register, .followUps])
            try db.execute(
                sql: """
                    UPDATE rectification_items SET status = ?, unit = ?, measure = ?, deadline = ?, notes = ?, evidence = ?,
                        signer = ?, signed_off_at = ?, updated_at = ?, measures = ?, partners = ?, category = ?, owner = ?,
                        completed_on = ?, opinion = ?, shareable = ?, verification = ?, verification_note = ?, assigned_on = ?,
                        deadline_working_days = ?, urges = ?, handover_number = ?, receipt_name = ?, receipt_at = ? WHERE key = ?
                    """,
                arguments: [
                    row.status.rawValue, row.unit, row.measure, row.deadline, CanonicalJSON.string(row.notes), row.evidence,
                    row.signer, row.signedOffAt, Timestamp.string(now), CanonicalJSON.string(row.measures),
                    CanonicalJSON.string(row.partners), row.category?.rawValue, row.owner, row.completedOn, row.opinion,
                    row.shareable, row.verification?.rawValue, row.verificationNote, row.assignedOn, row.deadlineWorkingDays,
                    CanonicalJSON.string(row.urges), row.handoverNumber, row.receiptName, row.receiptAt, row.key.id,
                ])
            for change in changes {
                try db.execute(
                    sql: "INSERT INTO rectification_changes (key, field, old_value, new_value, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
                    arguments: [row.key.id, change.field, change.old, change.new, actor, Timestamp.string(now)])
            }
            let summary = changes.map { "\($0.field): \($0.old ?? "—") → \($0.new ?? "—")" }.joined(separator: "；")
            try Self.audit(db, actor: actor, action: "rectify", detail: "第 \(row.number) 项 \(summary)", at: now)
        }
    }

    /// Records an automatic reminder on row `number` unless it already holds `key` (another node may
    /// have sent it): in one write, so that a reminder goes out once. Returns whether it was recorded.
    public func claimReminder(number: Int, key: String, entry: String, at now: Date) throws -> Bool {
        try store.write { db in
            guard let row = try db.fetchOne(SQLRow.self, sql: "SELECT key, urges, reminders FROM rectification_items WHERE number = ?", arguments: [number])
            else { return false }
            var reminders = try StoredValue.json([String].self, row["reminders"], column: "rectification_items.reminders")
            guard !reminders.contains(key) else { return false }
            reminders.append(key)
            var urges = try StoredValue.json([String].self, row["urges"], column: "rectification_items.urges")
            urges.append(entry)
            try announce(db, [.register])
            try db.execute(
                sql: "UPDATE rectification_items SET urges = ?, reminders = ?, updated_at = ? WHERE number = ?",
                arguments: [CanonicalJSON.string(urges), CanonicalJSON.string(reminders), Timestamp.string(now), number])
            try db.execute(
                sql: "INSERT INTO rectification_changes (key, field, old_value, new_value, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [row["key"] as String, "urge", nil as String?, entry, "system", Timestamp.string(now)])
            try Self.audit(db, actor: "system", action: "rectify", detail: "第 \(number) 项 urge: \(entry)", at: now)
            return true
        }
    }

    /// The next 交办编号 of `year` under `prefix`: `东政服交〔2026〕15号`, one past the highest given.
    public func nextHandoverNumber(prefix: String, year: Int) throws -> String {
        let given = try store.read { db in
            try db.fetchAll(
                String.self, sql: "SELECT handover_number FROM rectification_items WHERE handover_number LIKE ?",
                arguments: ["\(prefix)〔\(year)〕%"])
        }
        let highest = given.compactMap { Int($0.dropFirst(prefix.count + 6).dropLast()) }.max() ?? 0
        return "\(prefix)〔\(year)〕\(highest + 1)号"
    }

    /// The change history of one row, oldest first.
    public func rectificationHistory(number: Int) throws -> [AuditEntry] {
        try store.read { db in
            try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT c.* FROM rectification_changes c JOIN rectification_items i ON i.key = c.key
                    WHERE i.number = ? ORDER BY c.id
                    """, arguments: [number]
            ).map { row in
                AuditEntry(
                    at: row["at"], actor: row["actor"], action: row["field"],
                    detail: "\((row["old_value"] as String?) ?? "—") → \((row["new_value"] as String?) ?? "—")")
            }
        }
    }
}
