import Foundation
import SurveyAPI
import SurveyCore

extension SurveyDatabase {
    /// The current definition of a survey and every stored response, or nil for an unknown survey.
    public func responses(survey id: String) throws -> ResponsesReply? {
        try store.read { db in
            guard
                let definition = try db.fetchOne(
                    String.self, sql: "SELECT definition FROM survey_versions WHERE survey_id = ? ORDER BY version DESC LIMIT 1", arguments: [id])
            else { return nil }
            let survey = try JSONDecoder().decode(Survey.self, from: Data(definition.utf8))
            let rows = try db.fetchAll(
                SQLRow.self,
                sql: """
                    SELECT x.id AS submission, x.version, x.answers, x.received_at, x.stored_at, p.*
                    FROM submissions x JOIN supervisors p ON p.id = x.supervisor_id
                    WHERE x.survey_id = ? ORDER BY x.stored_at, x.id
                    """, arguments: [id])
            let responses = try rows.map { row in
                ResponseRow(
                    id: row["submission"], supervisor: Self.supervisor(row), version: row["version"],
                    receivedAt: row["received_at"], storedAt: row["stored_at"],
                    answers: try JSONDecoder().decode([String: AnswerValue].self, from: Data((row["answers"] as String).utf8)))
            }
            return ResponsesReply(survey: survey, responses: responses)
        }
    }

    /// The newest `limit` audit entries, oldest first.
    public func auditTrail(limit: Int) throws -> [AuditEntry] {
        try store.read { db in
            try db.fetchAll(SQLRow.self, sql: "SELECT * FROM (SELECT * FROM audit_log ORDER BY id DESC LIMIT ?) AS newest ORDER BY id", arguments: [limit])
                .map { AuditEntry(at: $0["at"], actor: $0["actor"], action: $0["action"], detail: $0["detail"]) }
        }
    }
}
