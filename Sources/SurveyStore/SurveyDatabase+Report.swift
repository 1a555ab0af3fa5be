import Foundation
import SurveyCore

extension SurveyDatabase {
    /// The findings of every stored submission, counted from scratch; with `until`, of those stored
    /// before it only.
    public func recomputeFindings(until: Date? = nil) throws -> FindingTally {
        var versions: [String: Survey] = [:]
        for (published, _) in try published() { versions["\(published.survey.id)#\(published.version)"] = published.survey }
        let categories = try supervisorCategories()
        return FindingTally.recompute(try submissions(until: until), survey: { versions["\($0)#\($1)"] }, category: { categories[$0] })
    }

    /// Each supervisor's category, by id.
    public func supervisorCategories() throws -> [String: String] {
        Dictionary(try roster().map { ($0.supervisor.id, $0.supervisor.category.rawValue) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every submission, or those stored before `until`.
    public func submissions(until: Date?) throws -> [SubmissionRecord] {
        let all = try submissions()
        guard let until else { return all }
        return all.filter { ($0.storedAt ?? $0.receivedAt) < until }
    }

    /// Whether the store holds the sample dataset: `survey sample-data` writes as `sample-data`.
    public func holdsSampleData() throws -> Bool {
        try store.read { db in try db.fetchOne(Int.self, sql: "SELECT 1 FROM audit_log WHERE actor = 'sample-data' LIMIT 1") != nil }
    }

    /// The 台账's rows as they stood at `until`: rows entered later left out, later changes undone.
    public func rectificationRows(asOf until: Date) throws -> [RectificationRow] {
        let cutoff = Timestamp.string(until)
        let (created, changes) = try store.read { db in
            let created = Dictionary(
                try db.fetchAll(SQLRow.self, sql: "SELECT key, created_at FROM rectification_items").map { ($0["key"] as String, $0["created_at"] as String) },
                uniquingKeysWith: { first, _ in first })
            let changes = Dictionary(
                grouping: try db.fetchAll(SQLRow.self, sql: "SELECT id, key, field, old_value, new_value, at FROM rectification_changes").map {
                    ($0["key"] as String, RowChange(field: $0["field"], old: $0["old_value"], new: $0["new_value"], at: $0["at"], sequence: $0["id"]))
                }, by: \.0
            ).mapValues { $0.map(\.1) }
            return (created, changes)
        }
        return try rectificationRows().filter { (created[$0.key.id] ?? "") < cutoff }.map {
            RowHistory.rewind($0, changes: changes[$0.key.id] ?? [], to: cutoff)
        }
    }
}
