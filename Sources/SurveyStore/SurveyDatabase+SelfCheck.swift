import Foundation
import SurveyCore

extension SurveyDatabase {
    /// What the office wrote for the report, per review item and chapter.
    public func selfChecks() throws -> [SelfCheckEntry] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT * FROM selfchecks ORDER BY key").map { row in
                let conclusion = try (row["conclusion"] as String?).map { text in
                    guard let value = SelfCheckConclusion(rawValue: text) else { throw StoreError.corrupt("selfchecks.conclusion") }
                    return value
                }
                return SelfCheckEntry(key: row["key"], conclusion: conclusion, text: row["text"], by: row["actor"], at: row["at"])
            }
        }
    }

    /// Sets the conclusion and text of one key; a nil leaves the stored value as it is.
    public func setSelfCheck(key: String, conclusion: SelfCheckConclusion?, text: String?, actor: String, at now: Date) throws {
        try store.write { db in
            try announce(db, [.register])
            try db.execute(
                sql: """
                    INSERT INTO selfchecks (key, conclusion, text, actor, at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (key) DO UPDATE SET conclusion = COALESCE(excluded.conclusion, selfchecks.conclusion),
                        text = COALESCE(excluded.text, selfchecks.text), actor = excluded.actor, at = excluded.at
                    """, arguments: [key, conclusion?.rawValue, text, actor, Timestamp.string(now)])
            try Self.audit(
                db, actor: actor, action: "selfcheck", detail: "\(key) \(conclusion?.rawValue ?? "")\(text.map { "，\($0.count) 字" } ?? "")",
                at: now)
        }
    }

    /// Roster and respondents per category: `order` first, then any other category stored.
    public func participation(order: [SupervisorCategory]) throws -> [CategoryParticipation] {
        try store.read { db in
            let rows = try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT category, COUNT(*) AS roster,
                        SUM(CASE WHEN EXISTS (SELECT 1 FROM submissions s WHERE s.supervisor_id = supervisors.id) THEN 1 ELSE 0 END) AS respondents
                    FROM supervisors GROUP BY category
                    """)
            let counts = Dictionary(
                rows.map {
                    (
                        $0["category"] as String,
                        CategoryParticipation(
                            category: $0["category"], roster: $0["roster"],
                            respondents: $0["respondents"])
                    )
                },
                uniquingKeysWith: { first, _ in first })
            let ordered = order.map(\.rawValue)
            return ordered.compactMap { counts[$0] } + counts.keys.filter { !ordered.contains($0) }.sorted().compactMap { counts[$0] }
        }
    }
}
