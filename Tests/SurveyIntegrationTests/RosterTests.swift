import Foundation
import Testing

/// Roster import and link reissue through the CLI and the admin API, against a running server.
@Suite(.serialized)
struct RosterTests {
    static let fixtures = ServerProcess.repositoryRoot.appendingPathComponent("Tests/Fixtures")

    /// Reads a links sheet written by the CLI: (id, name, token) per row.
    func readLinks(_ path: String) throws -> [(id: String, name: String, token: String)] {
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: "\u{FEFF}", with: "")
        let lines = text.split(whereSeparator: \.isNewline).map { line in
            // The fixture names hold no quotes except one quoted name with a comma.
            var fields: [String] = []
            var field = ""
            var quoted = false
            for character in line {
                if character == "\"" {
                    quoted.toggle()
                } else if character == "," && !quoted {
                    fields.append(field)
                    field = ""
                } else {
                    field.append(character)
                }
            }
            fields.append(field)
            return fields
        }
        return lines.dropFirst().map { ($0[0], $0[1], $0[5]) }
    }

    @Test func importedSupervisorsGetWorkingLinksAndReimportUpdatesByID() throws {
        let server = try ServerProcess(demoRoster: 2)
        let linksFile = server.dataDirectory + "/new-links.csv"
        let result = try server.cli("roster", "import", Self.fixtures.appendingPathComponent("roster-gb18030.csv").path, "--links-out", linksFile)
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("新增 3 人"))
        let attributes = try FileManager.default.attributesOfItem(atPath: linksFile)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let links = try readLinks(linksFile)
        #expect(links.map(\.name) == ["王建国", "李秀英", "赵磊, 经理"])
        #expect(links.map(\.id) == ["S003", "S004", "A-17"])
        // A new supervisor can use the link at once, without a restart.
        let client = try WebSocketTestClient(port: server.port)
        let welcome = try client.hello(token: links[2].token)
        #expect((welcome["supervisor"] as? [String: Any])?["id"] as? String == "A-17")
        // The database keeps only hashes.
        #expect(try server.count("SELECT COUNT(*) FROM supervisors WHERE token_hash = ?", [links[2].token]) == 0)
        // Re-importing updates by id and issues no new token.
        let updated = server.dataDirectory + "/update.csv"
        try "姓名,类别,单位,电话,编号\n赵磊,机关单位,区政务服务办,13900000009,A-17\n".write(toFile: updated, atomically: true, encoding: .utf8)
        let again = try server.cli("roster", "import", updated)
        #expect(again.output.contains("新增 0 人，更新 1 人"))
        #expect(try server.query { try $0.fetchOne(String.self, sql: "SELECT organization FROM supervisors WHERE id = 'A-17'") } == "区政务服务办")
        #expect(try WebSocketTestClient(port: server.port).hello(token: links[2].token)["type"] as? String == "welcome")
    }

    @Test func aBadRosterIsRefusedWholeWithLineNumbers() throws {
        let server = try ServerProcess(demoRoster: 2)
        let result = try server.cli("roster", "import", Self.fixtures.appendingPathComponent("roster-bad-rows.csv").path)
        #expect(result.status != 0)
        #expect(result.error.contains("第 3 行"))
        #expect(result.error.contains("第 4 行"))
        #expect(result.error.contains("第 5 行"))
        #expect(try server.count("SELECT COUNT(*) FROM supervisors") == 2)
    }

    @Test func reissuingALinkClosesTheOldOneAtOnce() throws {
        let server = try ServerProcess(demoRoster: 2)
        let (old, _) = try server.supervisor(0)
        let oldToken = try server.tokens()[0].token
        let result = try server.cli("roster", "links", "--reissue", "S001")
        #expect(result.status == 0, "\(result.error)")
        #expect(try old.receive(type: "error")["code"] as? String == "bad_token")
        #expect(try old.receive() == .close(code: 4401))
        let refused = try WebSocketTestClient(port: server.port)
        try refused.send(json: ["v": 1, "type": "hello", "token": oldToken])
        #expect(try refused.receive(type: "error")["code"] as? String == "bad_token")
        let newToken = try #require(result.output.split(whereSeparator: \.isNewline).last.map { String($0.split(separator: ",")[5]) })
        #expect(try WebSocketTestClient(port: server.port).hello(token: newToken)["type"] as? String == "welcome")
        let unknown = try server.cli("roster", "links", "--reissue", "NOBODY")
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("NOBODY"))
    }
}
