import Foundation
import GRDB

/// A complete, valid answer set for `Surveys/haocaiping-followup.yaml`.
var followupAnswers: [String: Any] { ["rated": true, "channel": "app", "satisfaction": 4, "days": 3, "comment": "回复很及时"] }

/// A `submit` message for the follow-up survey.
func submitMessage(id: String = UUID().uuidString, version: Int = 1, answers: [String: Any] = followupAnswers) -> [String: Any] {
    ["v": 1, "type": "submit", "id": id, "survey": "haocaiping-followup", "version": version, "answers": answers]
}

extension ServerProcess {
    /// A read-only connection to a database file (safe while the server runs: WAL).
    static func openReadOnly(_ path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Runs a read-only query on the server's database file.
    func query<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.openReadOnly(dataDirectory + "/survey.sqlite").read(body)
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try query { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
    }
}
