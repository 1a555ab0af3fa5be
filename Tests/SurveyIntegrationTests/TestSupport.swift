import Foundation
import GRDB
import Testing

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

    /// Runs a read-only query on the server's database file.
    func query<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.openReadOnly(dataDirectory + "/survey.sqlite").read(body)
    }

    func count(_ sql: String, _ arguments: StatementArguments = []) throws -> Int {
        try query { try Int.fetchOne($0, sql: sql, arguments: arguments) ?? -1 }
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
