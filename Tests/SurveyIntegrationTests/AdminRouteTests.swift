import Foundation
import GRDB
import SurveyAPI
import SurveyCore
import SurveyFiles
import SurveySamples
import Testing

@testable import SurveyServer
@testable import SurveyStore

/// The admin API's routes in process: the route table, access, and GETs that only read. No binary,
/// no socket: a database with the sample answers, and the hub and admin API a server builds on it.
@Suite struct AdminRouteTests {
    /// An office's data as a server starts on it: the annual survey's sample answers, no 整改台账 rows yet.
    final class Office {
        let directory: DataDirectory
        let database: SurveyDatabase
        var hub: Hub
        let admin: AdminAPI
        let token: String

        init() throws {
            let root = ServerProcess.repositoryRoot.appendingPathComponent("Surveys")
            let items = try ReviewItemsLoader.load(
                yaml: Array(try Data(contentsOf: root.appendingPathComponent("review-items.yaml"))), file: "review-items.yaml")
            let survey = try SurveyLoader.load(yaml: Array(try Data(contentsOf: root.appendingPathComponent("annual-2022.yaml"))), file: "annual-2022.yaml")
                .survey
            directory = DataDirectory(path: NSTemporaryDirectory() + "admin-routes-" + UUID().uuidString)
            try directory.create()
            database = try directory.prepare(demoRosterSize: 0).database
            token = try directory.adminToken()
            let now = Date()
            let sample = SampleDataset(survey: survey, count: 60, start: now.addingTimeInterval(-3600))
            try database.addSupervisors(sample.supervisors.map { ($0, TokenHasher.hash(TokenHasher.makeToken())) }, at: now)
            _ = try database.launch(survey, actor: "test", at: now.addingTimeInterval(-7200))
            #expect(database.write(sample.submissions.map(WriteItem.submission), at: now).failed.isEmpty)
            // What the server builds on this data at start-up.
            let state = try LoopState(configuration: ServerConfiguration(dataDirectory: directory.path), database: database, reviewItems: items)
            hub = state.hub
            admin = state.admin
        }

        /// Answers a request as the loop would, running a database reading or a change's store in place.
        func call(_ method: String, _ path: String, token: String? = nil, query: [(String, String)] = [], body: [UInt8] = []) throws -> HTTPResponse {
            let request = HTTPRequest(
                method: method, path: path, query: query.map { (name: $0.0, value: $0.1) }, authorization: "Bearer \(token ?? self.token)", body: body)
            switch admin.handle(request, hub: &hub, at: Date()) {
            case .answer(let response, _): return response
            case .read(let read): return try read(database)(&hub).0
            case .store(let store): return try store(database)(&hub).0
            }
        }

        /// Every row of every table, to tell whether anything was written.
        func contents() throws -> String {
            try #require(database.store as? SQLiteStore).pool.read { db in
                let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                return try tables.map { table in
                    "\(table): " + (try Row.fetchAll(db, sql: "SELECT * FROM \"\(table)\"").map(\.description).joined(separator: "\n"))
                }.joined(separator: "\n")
            }
        }
    }

    @Test func eachRouteIsDeclaredOnce() {
        let keys = AdminAPI.routes.map { "\($0.method) \($0.pattern.joined(separator: "/"))" }
        #expect(Set(keys).count == keys.count)
        #expect(AdminAPI.routes.allSatisfy { ["GET", "POST"].contains($0.method) })
    }

    @Test func getsOnlyRead() throws {
        let office = try Office()
        let before = try office.contents()
        let number = "1"
        for route in AdminAPI.routes where route.method == "GET" {
            let path = "/api/" + route.pattern.map { $0 == "*" ? number : $0 }.joined(separator: "/")
            let response = try office.call("GET", path)
            #expect(response.status < 500, "\(path): \(String(decoding: response.body, as: UTF8.self))")
        }
        #expect(try office.contents() == before, "a GET changed the database")
    }

    @Test func theRegisterTakesInProblemsOnlyWhenTheLoopSyncsIt() throws {
        let office = try Office()
        let empty = try JSONSerialization.jsonObject(with: Data(try office.call("GET", "/api/rectify").body)) as? [Any]
        #expect(empty?.isEmpty == true, "nothing is stored before the loop syncs the register")
        _ = try office.admin.registerSync(findings: office.hub.findings).run(at: Date())
        let rows = try JSONSerialization.jsonObject(with: Data(try office.call("GET", "/api/rectify").body)) as? [[String: Any]] ?? []
        #expect(!rows.isEmpty)
        #expect(rows.map { $0["number"] as? Int } == Array(1...rows.count).map { Optional($0) })
        _ = try office.admin.registerSync(findings: office.hub.findings).run(at: Date())
        #expect((try JSONSerialization.jsonObject(with: Data(try office.call("GET", "/api/rectify").body)) as? [Any])?.count == rows.count)
    }

    @Test func accessIsCheckedBeforeAnyWork() throws {
        let office = try Office()
        #expect(try office.call("GET", "/api/roster", token: "wrong").status == 401)
        #expect(try office.call("GET", "/api/nothing").status == 404)
        #expect(try office.call("DELETE", "/api/roster").status == 404)
        let error = try JSONDecoder().decode(APIError.self, from: Data(try office.call("GET", "/api/surveys/none/status").body))
        #expect(error.code == .unknownSurvey)
        #expect(try office.call("GET", "/api/healthz", token: "").status == 200)
    }

    @Test func everyErrorCodeHasItsStatusOnce() {
        // The statuses the admin API documents (docs/ADMIN-API.md), one per code.
        let documented = try? String(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("docs/ADMIN-API.md"), encoding: .utf8)
        for code in AdminErrorCode.allCases {
            let line = documented?.split(separator: "\n").first { $0.hasPrefix("| \(code.status) |") }
            #expect(line?.contains("`\(code.rawValue)`") == true, "\(code.rawValue) is documented under \(code.status)")
        }
    }

    // Found by an outside tester: bad values answered as if they were good, and a missing row as empty.

    @Test func aMalformedDeadlineIsABadRequestNotAWorkflowRefusal() throws {
        let office = try Office()
        _ = try office.admin.registerSync(findings: office.hub.findings).run(at: Date())
        for deadline in ["2026-13-45", "tomorrow"] {
            let body = Array(#"{"action":"assign","unit":"区税务局","measure":"梳理","deadline":"\#(deadline)"}"#.utf8)
            let response = try office.call("POST", "/api/rectify/1", body: body)
            #expect(response.status == 400, "\(deadline): \(String(decoding: response.body, as: UTF8.self))")
        }
    }

    @Test func theHistoryOfARowThatDoesNotExistIsNotFound() throws {
        let office = try Office()
        _ = try office.admin.registerSync(findings: office.hub.findings).run(at: Date())
        #expect(try office.call("GET", "/api/rectify/1/history").status == 200)
        for number in ["9999", "0"] {
            let response = try office.call("GET", "/api/rectify/\(number)/history")
            #expect(response.status == 404)
            #expect(try JSONDecoder().decode(APIError.self, from: Data(response.body)).code == .unknownRow)
        }
    }

    @Test func queryValuesAreCheckedNotGuessed() throws {
        let office = try Office()
        for (path, name, value) in [
            ("/api/audit", "limit", "abc"), ("/api/audit", "limit", "0"), ("/api/audit", "limit", "-1"), ("/api/audit", "limit", "1.5"),
            ("/api/audit", "limit", "99999999999999999999"), ("/api/sms", "limit", "abc"), ("/api/comments", "state", "bogus"),
            ("/api/rectify", "overdue", "maybe"),
        ] {
            let response = try office.call("GET", path, query: [(name, value)])
            #expect(response.status == 400, "\(path)?\(name)=\(value)")
        }
        #expect(try office.call("GET", "/api/audit", query: [("limit", "10000")]).status == 200)
        #expect(try office.call("GET", "/api/comments", query: [("state", "pending")]).status == 200)
        _ = try office.admin.registerSync(findings: office.hub.findings).run(at: Date())
        let all = try JSONSerialization.jsonObject(with: Data(try office.call("GET", "/api/rectify").body)) as? [Any]
        let notFiltered = try JSONSerialization.jsonObject(with: Data(try office.call("GET", "/api/rectify", query: [("overdue", "0")]).body)) as? [Any]
        #expect(all?.count == notFiltered?.count, "overdue=0 does not filter")
    }

    @Test func anItemThatDoesNotExistIsNamedNotListedAsEmpty() throws {
        let office = try Office()
        let response = try office.call("GET", "/api/rectify", query: [("item", "R99")])
        #expect(response.status == 404)
        #expect(try JSONDecoder().decode(APIError.self, from: Data(response.body)).code == .unknownItem)
        #expect(try office.call("GET", "/api/rectify", query: [("item", "R10")]).status == 200)
        #expect(try office.call("GET", "/api/rectify", query: [("item", "10")]).status == 200)
    }

    @Test func aWrongConclusionIsNamedAsTheValueThatIsWrong() throws {
        let office = try Office()
        let onItem = try office.call("POST", "/api/selfcheck", body: Array(#"{"key":"R01","conclusion":"很好"}"#.utf8))
        #expect(onItem.status == 400)
        let message = try JSONDecoder().decode(APIError.self, from: Data(onItem.body)).message
        #expect(message.contains("很好") && !message.contains("只用于"), "\(message)")
        let onChapter = try office.call("POST", "/api/selfcheck", body: Array(#"{"key":"plans","conclusion":"符合"}"#.utf8))
        #expect(try JSONDecoder().decode(APIError.self, from: Data(onChapter.body)).message.contains("只用于自查项"))
    }
}
