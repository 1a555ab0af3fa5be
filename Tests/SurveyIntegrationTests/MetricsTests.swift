import Foundation
import Testing

/// `GET /metrics`: Prometheus text that follows what the server really did.
@Suite(.serialized)
struct MetricsTests {
    @Test func metricsCountConnectionsPushesAcksAndErrors() throws {
        let server = try ServerProcess(demoRoster: 3)
        let (first, _) = try server.supervisor(0)
        let (second, _) = try server.supervisor(1)
        try server.launch("haocaiping-followup.yaml")
        _ = try first.receive(type: "survey")
        _ = try second.receive(type: "survey")
        try first.send(json: submitMessage(id: UUID().uuidString.lowercased()))
        _ = try first.receive(type: "ack")
        try second.send(json: ["v": 1, "type": "opened", "survey": "nonexistent", "version": 1])
        _ = try second.receive(type: "error")
        let bad = try WebSocketTestClient(port: server.port)
        try bad.send(json: ["v": 1, "type": "hello", "token": "wrong"])
        _ = try bad.receive(type: "error")

        // The bad token is hung up on: once its client has the close frame, or the server's few
        // seconds of waiting for it are over.
        var response = try httpGet(port: server.port, path: "/metrics")
        try waitUntil("the bad token hung up", seconds: 6) {
            response = try httpGet(port: server.port, path: "/metrics")
            return Self.samples(response.body)["survey_websocket_connections"] == 2
        }
        #expect(response.head.contains("content-type: text/plain; version=0.0.4"))
        let values = Self.samples(response.body)
        #expect(values["survey_pushes_total"] == 2)
        #expect(values["survey_submissions_total"] == 1)
        #expect(values["survey_acks_total"] == 1)
        #expect(values["survey_websocket_connections_total"] == 3)
        #expect(values["survey_websocket_connections"] == 2)  // the bad token was hung up on
        #expect(values[#"survey_errors_total{code="unknown_survey"}"#] == 1)
        #expect(values[#"survey_errors_total{code="bad_token"}"#] == 1)
        #expect((values["survey_commit_duration_seconds_count"] ?? 0) >= 1)
        #expect((values["survey_commit_batch_size_sum"] ?? 0) >= 3)  // two pushes recorded and one submission
    }

    /// Sample lines (`name{labels} value`) by series.
    static func samples(_ text: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            values[String(line[..<space])] = value
        }
        return values
    }
}
