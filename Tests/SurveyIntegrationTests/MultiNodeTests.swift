import Foundation
import Testing

@testable import SurveyStore

/// Several `survey serve` nodes on one PostgreSQL database: what staff do on one node reaches the
/// pages on every node, and an answer is stored and acknowledged once wherever it is sent.
@Suite(.postgresOnly, .serialized)
struct MultiNodeTests {
    /// A supervisor's page on `node`, signed in with the first node's demo links.
    static func page(_ index: Int, on node: ServerProcess, tokens: ServerProcess) throws -> (client: WebSocketTestClient, welcome: [String: Any]) {
        let client = try WebSocketTestClient(port: node.port)
        return (client, try client.hello(token: try tokens.tokens()[index].token))
    }

    /// A unit's page on `node`, once that node has learned the unit's link from the store. A link
    /// the node does not know yet is refused with close 4401, so each try is a new connection.
    static func unitPage(token: String, on node: ServerProcess) throws -> WebSocketTestClient {
        var opened: WebSocketTestClient?
        try waitUntil("the unit's link known on port \(node.port)") {
            let page = try WebSocketTestClient(port: node.port)
            try page.send(json: ["v": 1, "type": "unit_hello", "token": token])
            guard try page.receiveJSON()["type"] as? String == "unit_rows" else { return false }
            opened = page
            return true
        }
        return try #require(opened)
    }

    @Test func aLaunchAndACloseOnOneNodeReachPagesOnEveryNode() throws {
        let first = try ServerProcess(demoRoster: 6)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        let third = try ServerProcess(demoRoster: 0, sharing: first)
        let pages = try [first, second, third].enumerated().map { index, node in try Self.page(index, on: node, tokens: first).client }
        try second.launch("haocaiping-followup.yaml")
        for page in pages {
            let push = try page.receive(type: "survey")
            #expect((push["survey"] as? [String: Any])?["id"] as? String == "haocaiping-followup")
        }
        // Each node records its own pushes.
        try waitUntil { try first.count("SELECT COUNT(*) FROM deliveries WHERE pushed_at IS NOT NULL") == 3 }
        #expect(try third.cli("close", "haocaiping-followup").status == 0)
        for page in pages { #expect(try page.receive(type: "closed")["survey"] as? String == "haocaiping-followup") }
    }

    @Test func anAnswerAckedOnOneNodeIsKnownOnTheOthersAndStoredOnce() throws {
        let first = try ServerProcess(demoRoster: 3)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        try first.launch("haocaiping-followup.yaml")
        let id = UUID().uuidString.lowercased()
        let (onFirst, _) = try Self.page(0, on: first, tokens: first)
        try onFirst.send(json: submitMessage(id: id))
        #expect(try onFirst.receive(type: "ack")["id"] as? String == id)
        // The page reconnects to the other node (its node died, say) and resends from its outbox.
        try waitUntil {
            let welcome = try Self.page(0, on: second, tokens: first).welcome
            return (welcome["submissions"] as? [[String: Any]])?.contains { $0["id"] as? String == id } == true
        }
        let (onSecond, _) = try Self.page(0, on: second, tokens: first)
        try onSecond.send(json: submitMessage(id: id))
        #expect(try onSecond.receive(type: "ack")["id"] as? String == id)
        // A different answer to the same survey is refused there too.
        try onSecond.send(json: submitMessage(id: UUID().uuidString.lowercased()))
        #expect(try onSecond.receive(type: "error")["code"] as? String != nil)
        #expect(try first.count("SELECT COUNT(*) FROM submissions") == 1)
        // Both nodes count it in the survey's status.
        #expect(try second.cli("status", "haocaiping-followup").output.contains("合计\t3\t1\t0\t0\t1"))
    }

    @Test func aResendThatRacesTheAnnouncementIsAckedOnceFromTheDatabase() throws {
        let first = try ServerProcess(demoRoster: 3)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        try first.launch("haocaiping-followup.yaml")
        try waitUntil { ((try Self.page(1, on: second, tokens: first).welcome["surveys"] as? [Any])?.count ?? 0) == 1 }
        let id = UUID().uuidString.lowercased()
        let (a, _) = try Self.page(1, on: first, tokens: first)
        let (b, _) = try Self.page(1, on: second, tokens: first)
        // Sent to both nodes at once: each node's writer tries to store it.
        try a.send(json: submitMessage(id: id))
        try b.send(json: submitMessage(id: id))
        #expect(try a.receive(type: "ack")["id"] as? String == id)
        #expect(try b.receive(type: "ack")["id"] as? String == id)
        #expect(try first.count("SELECT COUNT(*) FROM submissions WHERE id = ?", [id]) == 1)
    }

    @Test func evidenceUploadedThroughOneNodeIsServedByAnother() throws {
        let first = try ServerProcess(demoRoster: 0, sampleData: true)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        #expect(try first.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "梳理", "--deadline", "2099-06-30").status == 0)
        let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n\u{0}\u{1}\u{ff}".utf8)
        let head =
            "POST /api/rectify/5/evidence?name=a.pdf HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(try first.adminToken())\r\n"
            + "Content-Length: \(pdf.count)\r\nConnection: close\r\n\r\n"
        let (uploaded, body) = try httpExchange(port: first.port, head + String(decoding: pdf, as: UTF8.self))
        #expect(uploaded.hasPrefix("HTTP/1.1 201"), "\(uploaded) \(body)")
        let sha = try #require((try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])?["sha256"] as? String)
        let descriptor = try WebSocketTestClient.loopbackSocket(port: second.port, timeout: 5)
        defer { close(descriptor) }
        let request = "GET /api/evidence/\(sha) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(try second.adminToken())\r\nConnection: close\r\n\r\n"
        _ = request.withCString { send(descriptor, $0, strlen($0), 0) }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while case let count = recv(descriptor, &chunk, chunk.count, 0), count > 0 { response += chunk[0..<count] }
        let split = try #require(response.firstRange(of: Array("\r\n\r\n".utf8)))
        #expect(String(decoding: response[..<split.lowerBound], as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        #expect(Array(response[split.upperBound...]) == pdf, "the same bytes, from the other node")
    }

    /// Reads frames of `type` until one satisfies `condition`.
    static func receive(_ type: String, on client: WebSocketTestClient, until condition: ([String: Any]) -> Bool) throws -> [String: Any] {
        for _ in 0..<200 {
            let message = try client.receive(type: type)
            if condition(message) { return message }
        }
        throw WebSocketTestClient.Failure(description: "no \(type) as expected")
    }

    @Test func aProjectorAndAUnitPageOnOneNodeFollowWorkDoneOnAnother() throws {
        let first = try ServerProcess(demoRoster: 0, sampleData: true)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        // A projector on the second node; an answer to the follow-up survey arrives on the first.
        try first.launch("haocaiping-followup.yaml")
        let link = try first.cli("projector", "link").output
        let projectorToken = String(link.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let screen = try WebSocketTestClient(port: second.port)
        try screen.send(json: ["v": 1, "type": "watch", "token": projectorToken, "survey": "haocaiping-followup"])
        #expect(try screen.receive(type: "snapshot")["submitted"] as? Int == 0)
        let (page, _) = try Self.page(0, on: first, tokens: first)
        try page.send(json: submitMessage(answers: ["rated": true, "satisfaction": 5, "days": 1, "comment": "多节点"]))
        _ = try page.receive(type: "ack")
        _ = try Self.receive("snapshot", on: screen) { $0["submitted"] as? Int == 1 }
        // The comment, approved on the first node, reaches that screen.
        let comments = try first.cli("comments", "list").output
        let commentID = try #require(comments.split(separator: "\n").first { $0.contains("多节点") }.flatMap { $0.split(separator: "\t").last })
        #expect(try first.cli("comments", "approve", String(commentID)).status == 0)
        _ = try Self.receive("snapshot", on: screen) { "\($0["comments"] ?? "")".contains("多节点") }
        // A unit's page on the second node gets its row as soon as the first node assigns it.
        let unitToken = try #require(try first.importUnits(["区财政局,赵会计,0571-1234567"])["区财政局"])
        let unitPage = try Self.unitPage(token: unitToken, on: second)
        #expect(try first.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "跨节点交办", "--deadline", "2099-06-30").status == 0)
        let rows = try Self.receive("unit_rows", on: unitPage) { "\($0["rows"] ?? "")".contains("跨节点交办") }
        #expect((rows["rows"] as? [[String: Any]])?.contains { $0["number"] as? Int == 5 } == true)
    }

    @Test func aNodeThatLostItsFeedCatchesUpFromTheTables() throws {
        let first = try ServerProcess(demoRoster: 3)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        let (page, _) = try Self.page(0, on: second, tokens: first)
        let store = try #require(first.store)
        // Every LISTEN connection is cut, and a launch happens before the nodes listen again.
        let database = try #require(store.split(separator: "/").last)
        let admin = try PostgresConnection(url: store, schema: nil)
        _ = try admin.fetchAll(
            Int.self,
            sql: "SELECT 1 FROM pg_stat_activity WHERE datname = ? AND query LIKE 'LISTEN%' AND pg_terminate_backend(pid)",
            arguments: [String(database)])
        try first.launch("haocaiping-followup.yaml")
        let push = try page.receive(type: "survey")
        #expect((push["survey"] as? [String: Any])?["id"] as? String == "haocaiping-followup")
    }

    /// Reads until the server closes the connection; the close code, or nil on a timeout.
    static func closeCode(of client: WebSocketTestClient) -> Int? {
        while let frame = try? client.receive() {
            if case .close(let code) = frame { return code }
        }
        return nil
    }

    @Test func aReissuedUnitLinkStopsOnEveryNode() throws {
        let first = try ServerProcess(demoRoster: 0, sampleData: true)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        let unitToken = try #require(try first.importUnits(["区财政局,赵会计,0571-1234567"])["区财政局"])
        let pages = try [first, second].map { try Self.unitPage(token: unitToken, on: $0) }
        #expect(try first.cli("units", "reissue", "区财政局", "--links-out", first.dataDirectory + "/new-links.csv").status == 0)
        for page in pages { #expect(Self.closeCode(of: page) == 4401) }
        let late = try WebSocketTestClient(port: second.port)
        try late.send(json: ["v": 1, "type": "unit_hello", "token": unitToken])
        #expect(try late.receive(type: "error")["code"] as? String == "bad_token")
    }

    @Test func aReminderAndALaunchCountPagesOpenOnEveryNode() throws {
        let first = try ServerProcess(demoRoster: 4)
        let second = try ServerProcess(demoRoster: 0, sharing: first)
        let (here, _) = try Self.page(0, on: first, tokens: first)
        let (there, _) = try Self.page(1, on: second, tokens: first)
        let tokens = try first.tokens()
        // The second node has published who is online there.
        try waitUntil { try first.count("SELECT COUNT(*) FROM node_presence WHERE supervisor_id = ?", [tokens[1].id]) == 1 }
        let launch = try first.cli("launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path)
        #expect(launch.output.contains("已推送给本节点 1 个在线连接；其他节点上另有 1 名在线监督员，由其所在节点推送"), "\(launch.output)")
        for page in [here, there] { _ = try page.receive(type: "survey") }
        let remind = try first.cli("remind", "haocaiping-followup")
        #expect(remind.output.contains("已向 2 名在线的未提交者推送提醒"), "\(remind.output)")
        #expect(remind.output.contains("未在线的未提交者 2 人"), "\(remind.output)")
        #expect(!remind.output.contains(tokens[1].id), "the supervisor online on the other node is not listed to be phoned")
        for page in [here, there] { _ = try page.receive(type: "remind") }
        // A node that stops cleanly takes its pages off the list; the other's stay.
        second.stop()
        try waitUntil {
            try first.query { try $0.fetchAll(String.self, sql: "SELECT supervisor_id FROM node_presence") } == [tokens[0].id]
        }
    }
}
