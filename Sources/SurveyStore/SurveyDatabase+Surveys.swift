import Foundation
import GRDB
import SurveyCore

/// The outcome of launching a survey file.
public enum LaunchOutcome: Sendable {
    /// A new version was stored (the first, or the file changed).
    case newVersion(PublishedSurvey)
    /// The file is identical to the current version; a closed survey is reopened.
    case unchanged(PublishedSurvey, reopened: Bool)

    public var published: PublishedSurvey {
        switch self {
        case .newVersion(let survey), .unchanged(let survey, _): survey
        }
    }
}

extension SurveyDatabase {
    /// Stores `survey` as a new version unless its content equals the current version.
    public func launch(_ survey: Survey, actor: String, at now: Date) throws -> LaunchOutcome {
        let hash = PublishedSurvey.contentHash(of: survey)
        return try pool.write { db in
            let current = try Row.fetchOne(
                db, sql: "SELECT version, content_hash, launched_at FROM survey_versions WHERE survey_id = ? ORDER BY version DESC LIMIT 1",
                arguments: [survey.id])
            if let current, current["content_hash"] == hash {
                let state: String? = try String.fetchOne(db, sql: "SELECT state FROM surveys WHERE id = ?", arguments: [survey.id])
                let reopened = state == "closed"
                if reopened {
                    try db.execute(sql: "UPDATE surveys SET state = 'open', closed_at = NULL WHERE id = ?", arguments: [survey.id])
                    try Self.audit(db, actor: actor, action: "reopen", detail: survey.id, at: now)
                }
                let launchedAt = Timestamp.date(current["launched_at"]) ?? now
                return .unchanged(PublishedSurvey(survey: survey, version: current["version"], launchedAt: launchedAt), reopened: reopened)
            }
            let version = (current?["version"] as Int? ?? 0) + 1
            try db.execute(
                sql: """
                    INSERT INTO surveys (id, state) VALUES (?, 'open')
                    ON CONFLICT(id) DO UPDATE SET state = 'open', closed_at = NULL
                    """,
                arguments: [survey.id])
            try db.execute(
                sql: "INSERT INTO survey_versions (survey_id, version, content_hash, definition, launched_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [survey.id, version, hash, CanonicalJSON.string(survey), Timestamp.string(now)])
            try Self.audit(db, actor: actor, action: "launch", detail: "\(survey.id) v\(version) \(hash.prefix(12))", at: now)
            return .newVersion(PublishedSurvey(survey: survey, version: version, launchedAt: now))
        }
    }

    /// Closes a survey. Returns false when no such survey exists.
    public func close(survey id: String, actor: String, at now: Date) throws -> Bool {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE surveys SET state = 'closed', closed_at = ? WHERE id = ? AND state = 'open'",
                arguments: [Timestamp.string(now), id])
            let exists = try Bool.fetchOne(db, sql: "SELECT COUNT(*) > 0 FROM surveys WHERE id = ?", arguments: [id]) ?? false
            if exists { try Self.audit(db, actor: actor, action: "close", detail: id, at: now) }
            return exists
        }
    }

    /// Every launched version, oldest first, with whether its survey is closed.
    public func published() throws -> [(survey: PublishedSurvey, closed: Bool)] {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT v.survey_id, v.version, v.definition, v.launched_at, s.state
                FROM survey_versions v JOIN surveys s ON s.id = v.survey_id
                ORDER BY v.launched_at, v.survey_id, v.version
                """)
            return try rows.map { row in
                let survey = try JSONDecoder().decode(Survey.self, from: Data((row["definition"] as String).utf8))
                let launchedAt = Timestamp.date(row["launched_at"]) ?? Date(timeIntervalSince1970: 0)
                return (PublishedSurvey(survey: survey, version: row["version"], launchedAt: launchedAt), row["state"] == "closed")
            }
        }
    }

    /// Every stored submission.
    public func submissions(survey: String? = nil) throws -> [SubmissionRecord] {
        try pool.read { db in
            let sql = "SELECT * FROM submissions" + (survey == nil ? "" : " WHERE survey_id = ?") + " ORDER BY stored_at, id"
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(survey.map { [$0] } ?? [])).map { row in
                SubmissionRecord(
                    id: row["id"], supervisorID: row["supervisor_id"], survey: row["survey_id"], version: row["version"],
                    answersJSON: row["answers"], receivedAt: Timestamp.date(row["received_at"]) ?? Date(timeIntervalSince1970: 0),
                    storedAt: Timestamp.date(row["stored_at"]))
            }
        }
    }

    /// Delivery and response figures for one survey, or nil when it does not exist.
    public func status(survey id: String) throws -> SurveyStatus? {
        try pool.read { db in
            guard let head = try Row.fetchOne(db, sql: """
                SELECT s.state, v.version, v.definition FROM surveys s
                JOIN survey_versions v ON v.survey_id = s.id
                WHERE s.id = ? ORDER BY v.version DESC LIMIT 1
                """, arguments: [id])
            else { return nil }
            let survey = try JSONDecoder().decode(Survey.self, from: Data((head["definition"] as String).utf8))
            let rows = try Row.fetchAll(db, sql: """
                SELECT p.id, p.name, p.category, p.phone,
                       MIN(d.pushed_at) AS pushed_at, MIN(d.received_at) AS received_at, MIN(d.opened_at) AS opened_at,
                       (SELECT stored_at FROM submissions x WHERE x.supervisor_id = p.id AND x.survey_id = ?) AS submitted_at
                FROM supervisors p
                LEFT JOIN deliveries d ON d.supervisor_id = p.id AND d.survey_id = ?
                GROUP BY p.id ORDER BY p.id
                """, arguments: [id, id])
            let people = rows.map { row in
                PersonDelivery(
                    id: row["id"], name: row["name"], category: SupervisorCategory(rawValue: row["category"]) ?? .privateEnterprise,
                    pushedAt: row["pushed_at"], receivedAt: row["received_at"], openedAt: row["opened_at"], submittedAt: row["submitted_at"])
            }
            return SurveyStatus(survey: id, title: survey.title, version: head["version"], closed: head["state"] == "closed", people: people)
        }
    }
}
