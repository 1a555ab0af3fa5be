import Foundation
import Testing

/// What an outside tester found at the edges of the admin API's transport and the CLI.
@Suite struct AdminOutsideFindingsTests {
    @Test func theCLIPrintsTheDocumentedErrorCode() throws {
        let server = try ServerProcess(demoRoster: 2)
        let closed = try server.cli("close", "no-such-survey")
        #expect(closed.status != 0)
        #expect(closed.error.contains("unknown_survey"), "\(closed.error)")
    }

    @Test func aMissingRowIsAnErrorNotAUsageMistake() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let shown = try server.cli("rectify", "show", "9999")
        #expect(shown.status == 1, "\(shown.status): \(shown.error)")
        #expect(shown.error.contains("9999") && !shown.error.contains("Usage"), "\(shown.error)")
    }

    @Test func anUnsupportedMethodIsNamedWithItsPath() throws {
        let server = try ServerProcess(demoRoster: 1)
        let token = try server.adminToken()
        for method in ["DELETE", "PUT"] {
            let reply = try httpExchange(
                port: server.port,
                "\(method) /api/surveys HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            #expect(reply.head.hasPrefix("HTTP/1.1 404"), "\(reply.head)")
            #expect(reply.body.contains("\(method) /api/surveys"), "\(reply.body)")
        }
    }

    @Test func aNegativeLimitIsNamedAsOutOfRange() throws {
        let server = try ServerProcess(demoRoster: 1)
        for command in ["audit", "sms"] {
            let listed = try server.cli(command, "--limit", "-1")
            #expect(listed.status != 0)
            #expect(listed.error.contains("10000"), "\(command): \(listed.error)")
        }
    }

    @Test func theSampleLinksPointAtThePortTheServerListensOn() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true)
        let sheet = try String(contentsOfFile: server.dataDirectory + "/demo-links.csv", encoding: .utf8)
        let links = sheet.split(whereSeparator: \.isNewline).dropFirst().compactMap { $0.split(separator: ",").last }
        #expect(links.count == 277)
        #expect(links.allSatisfy { $0.hasPrefix("http://127.0.0.1:\(server.port)/#t=") }, "\(links.first ?? "")")
    }
}
