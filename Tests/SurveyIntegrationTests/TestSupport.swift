import Foundation
import GRDB
import Testing

@testable import SurveyStore

/// A complete, valid answer set for `Surveys/haocaiping-followup.yaml`.
var followupAnswers: [String: Any] { ["rated": true, "satisfaction": 4, "days": 3, "comment": "回复很及时"] }

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

    /// Runs a read-only query on the server's database: its SQLite file, or its PostgreSQL database.
    func query<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        if let store {
            let postgres = try PostgresStore(url: store, district: district, readOnly: true)
            defer { postgres.close() }
            return try postgres.read(body)
        }
        return try Self.openReadOnly(dataDirectory + "/survey.sqlite").read { try body(GRDBConnection(db: $0)) }
    }

    /// Imports responsible units (`name,contact,phone` lines) through the CLI; their link tokens by name.
    func importUnits(_ lines: [String]) throws -> [String: String] {
        let csv = dataDirectory + "/units.csv"
        let links = dataDirectory + "/unit-links.csv"
        try (["单位,联系人,电话"] + lines).joined(separator: "\n").appending("\n").write(toFile: csv, atomically: true, encoding: .utf8)
        let result = try cli("units", "import", csv, "--links-out", links, "--allow-loopback")
        guard result.status == 0 else { throw WebSocketTestClient.Failure(description: "units import failed: \(result.error)") }
        var tokens: [String: String] = [:]
        for line in try String(contentsOfFile: links, encoding: .utf8).split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            tokens[String(parts[0])] = String(parts[1].split(separator: "#")[1])
        }
        return tokens
    }

    func count(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int {
        try query { try $0.fetchOne(Int.self, sql: sql, arguments: arguments) ?? -1 }
    }

    /// SQLite's `PRAGMA integrity_check` on the server's file; nil on PostgreSQL, which has no such check.
    func sqliteIntegrity() throws -> String? {
        guard store == nil else { return nil }
        return try query { try $0.fetchOne(String.self, sql: "PRAGMA integrity_check") }
    }
}

/// A plain HTTP GET on loopback, read to the end (`Connection: close`).
func httpGet(port: Int, path: String) throws -> (head: String, body: String) {
    try httpExchange(port: port, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
}

/// Sends a raw request (which should ask for `Connection: close`) and reads the response to the end.
func httpExchange(port: Int, _ request: String, timeout: TimeInterval = 5) throws -> (head: String, body: String) {
    let descriptor = try WebSocketTestClient.loopbackSocket(port: port, timeout: timeout)
    defer { close(descriptor) }
    let bytes = Array(request.utf8)
    _ = send(descriptor, bytes, bytes.count, 0)
    var response: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = recv(descriptor, &chunk, chunk.count, 0)
        if count <= 0 { break }
        response += chunk[0..<count]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let split = text.range(of: "\r\n\r\n") else { return (text, "") }
    return (String(text[..<split.lowerBound]), String(text[split.upperBound...]))
}

/// Polls `condition` every 50 ms until it holds, recording an issue if it still does not after
/// `seconds`: tests wait for what they need, never for a fixed time.
func waitUntil(
    _ what: String = "condition", seconds: TimeInterval = 10, sourceLocation: SourceLocation = #_sourceLocation, _ condition: () throws -> Bool
) throws {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return }
        Thread.sleep(forTimeInterval: 0.05)
    }
    Issue.record("\(what) not met within \(Int(seconds)) s", sourceLocation: sourceLocation)
}

/// How many supervisors the server counts as connected and authenticated (`/healthz`).
func onlineCount(port: Int) throws -> Int {
    let body = try httpGet(port: port, path: "/healthz").body
    let health = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
    return health?["online"] as? Int ?? -1
}

/// The PostgreSQL test cluster's URL when the suite runs on PostgreSQL (`Tests/Postgres/with-postgres.sh`).
let testPostgresCluster = ProcessInfo.processInfo.environment["SURVEY_TEST_POSTGRES"]

extension Trait where Self == ConditionTrait {
    /// For tests of the SQLite file itself (its WAL, its disk, its backup file, GRDB's migration
    /// table): they run in the SQLite pass. `PostgresStoreTests` holds PostgreSQL's counterparts.
    static var sqliteFile: Self { .enabled(if: testPostgresCluster == nil, "checks the SQLite file itself") }
    /// For tests of PostgreSQL's own refusals: they run in the PostgreSQL pass.
    static var postgresOnly: Self { .enabled(if: testPostgresCluster != nil, "needs the PostgreSQL test cluster") }
}
