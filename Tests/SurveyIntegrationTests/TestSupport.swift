import Foundation
import GRDB

/// A complete, valid answer set for `Surveys/haocaiping-followup.yaml`.
var followupAnswers: [String: Any] { ["rated": true, "channel": "app", "satisfaction": 4, "days": 3, "comment": "回复很及时"] }

/// A `submit` message for the follow-up survey.
func submitMessage(id: String = UUID().uuidString, version: Int = 1, answers: [String: Any] = followupAnswers) -> [String: Any] {
    ["v": 1, "type": "submit", "id": id, "survey": "haocaiping-followup", "version": version, "answers": answers]
}

extension ServerProcess {
    /// Runs a read-only query on the server's database file (safe while it runs: WAL).
    func query<T>(_ body: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: dataDirectory + "/survey.sqlite", configuration: configuration)
        return try queue.read(body)
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try query { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }
}
