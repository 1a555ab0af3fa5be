import Foundation
import Testing

@testable import SurveyServer
@testable import SurveyStore

/// Two districts on one PostgreSQL database: each office sees and changes only its own roster,
/// surveys, 台账 and reports, through every admin endpoint and every WebSocket role; the city office
/// reads a summary of all, changing nothing.
@Suite(.postgresOnly, .serialized)
struct DistrictTests {
    /// Both districts with sample data (277 supervisors, answers, a 台账), the annual survey launched.
    static func twoDistricts() throws -> (alpha: ServerProcess, beta: ServerProcess) {
        let alpha = try ServerProcess(demoRoster: 0, sampleData: true, district: "alpha")
        let beta = try ServerProcess(demoRoster: 0, sampleData: true, sharing: alpha, district: "beta")
        return (alpha, beta)
    }

    /// Every admin route with `*` filled in, as `METHOD /api/PATH`.
    static var everyRoute: [(method: String, path: String)] {
        AdminAPI.routes.map { route in
            (route.method, "/api/" + route.pattern.map { $0 == "*" ? "1" : $0 }.joined(separator: "/"))
        }
    }

    static func status(port: Int, _ method: String, _ path: String, token: String) throws -> Int {
        let body = method == "GET" ? "" : "{}"
        let request =
            "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        let (head, _) = try httpExchange(port: port, request)
        return Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func noAdminEndpointTakesTheOtherDistrictsToken() throws {
        let (alpha, beta) = try Self.twoDistricts()
        let routes = Self.everyRoute
        #expect(routes.count == AdminAPI.routes.count && routes.count > 20)
        for (method, path) in routes {
            #expect(try Self.status(port: beta.port, method, path, token: try alpha.adminToken()) == 401, "\(method) \(path) on beta")
            #expect(try Self.status(port: alpha.port, method, path, token: try beta.adminToken()) == 401, "\(method) \(path) on alpha")
        }
        // A named staff account is its district's only.
        let leader = alpha.dataDirectory + "/leader-token"
        #expect(try alpha.cli("staff", "add", "李干事", "--role", "office", "--token-out", leader).status == 0)
        let token = try String(contentsOfFile: leader, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try Self.status(port: alpha.port, "GET", "/api/surveys", token: token) == 200)
        #expect(try Self.status(port: beta.port, "GET", "/api/surveys", token: token) == 401)
    }

    @Test func eachOfficeSeesOnlyItsOwnSurveysRowsAndReport() throws {
        let (alpha, beta) = try Self.twoDistricts()
        try alpha.launch("haocaiping-followup.yaml")
        #expect(try alpha.cli("list").output.contains("haocaiping-followup"))
        #expect(!(try beta.cli("list").output.contains("haocaiping-followup")))
        _ = try alpha.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "只在甲区", "--deadline", "2099-06-30")
        #expect(try alpha.cli("rectify", "show", "5").output.contains("只在甲区"))
        #expect(!(try beta.cli("rectify", "show", "5").output.contains("只在甲区")))
        #expect(!(try beta.cli("report", "--format", "csv").output.contains("只在甲区")))
        #expect(!(try beta.cli("audit").output.contains("只在甲区")))
        #expect(try beta.count("SELECT COUNT(*) FROM survey_versions WHERE survey_id = 'haocaiping-followup'") == 0)
    }

    @Test func noWebSocketRoleTakesTheOtherDistrictsLink() throws {
        let (alpha, beta) = try Self.twoDistricts()
        // Supervisor.
        let page = try WebSocketTestClient(port: beta.port)
        try page.send(json: ["v": 1, "type": "hello", "token": try alpha.tokens()[0].token])
        #expect(try page.receive(type: "error")["code"] as? String == "bad_token")
        #expect(try WebSocketTestClient(port: alpha.port).hello(token: try alpha.tokens()[0].token)["type"] as? String == "welcome")
        // Projector.
        let link = try alpha.cli("projector", "link").output
        let projectorToken = String(link.split(separator: "=").last ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let screen = try WebSocketTestClient(port: beta.port)
        try screen.send(json: ["v": 1, "type": "watch", "token": projectorToken])
        #expect(try screen.receive(type: "error")["code"] as? String == "bad_token")
        let own = try WebSocketTestClient(port: alpha.port)
        try own.send(json: ["v": 1, "type": "watch", "token": projectorToken])
        #expect(try own.receive(type: "snapshot")["roster"] as? Int == 277)
        // Responsible unit.
        let unitToken = try #require(try alpha.importUnits(["区财政局,赵会计,0571-1234567"])["区财政局"])
        let unitPage = try WebSocketTestClient(port: beta.port)
        try unitPage.send(json: ["v": 1, "type": "unit_hello", "token": unitToken])
        #expect(try unitPage.receive(type: "error")["code"] as? String == "bad_token")
        let ownUnit = try WebSocketTestClient(port: alpha.port)
        try ownUnit.send(json: ["v": 1, "type": "unit_hello", "token": unitToken])
        #expect(try ownUnit.receive(type: "unit_rows")["unit"] as? String == "区财政局")
        // A unit's own HTTP calls are its district's only.
        #expect(try Self.status(port: beta.port, "POST", "/api/rectify/1/evidence", token: unitToken) == 401)
        #expect(try Self.status(port: beta.port, "GET", "/api/evidence/\(String(repeating: "0", count: 64))", token: unitToken) == 401)
    }

    @Test func aLaunchInOneDistrictReachesNoPageOfTheOther() throws {
        let alpha = try ServerProcess(demoRoster: 3, district: "alpha")
        let beta = try ServerProcess(demoRoster: 3, sharing: alpha, district: "beta")
        let betaPage = try WebSocketTestClient(port: beta.port)
        _ = try betaPage.hello(token: try beta.tokens()[0].token)
        let alphaPage = try WebSocketTestClient(port: alpha.port)
        _ = try alphaPage.hello(token: try alpha.tokens()[0].token)
        try alpha.launch("haocaiping-followup.yaml")
        _ = try alphaPage.receive(type: "survey")
        try beta.launch("haocaiping-followup.yaml")
        // Beta's page gets beta's launch, not alpha's before it: the first survey push it sees is
        // the one its own office made, counted against its own roster.
        _ = try betaPage.receive(type: "survey")
        #expect(try beta.count("SELECT COUNT(*) FROM deliveries") == 1)
        #expect(try alpha.count("SELECT COUNT(*) FROM deliveries") == 1)
    }

    @Test func theCityOfficeReadsEveryDistrictAndWritesNothing() throws {
        let (alpha, beta) = try Self.twoDistricts()
        let store = try #require(alpha.store)
        _ = try alpha.cli("rectify", "assign", "5", "--unit", "区财政局", "--measure", "m", "--deadline", "2099-06-30")
        // A role that may only read, as docs/DEPLOY.md makes for the city office.
        let cluster = try #require(testPostgresCluster)
        let database = try #require(store.split(separator: "/").last)
        let admin = try PostgresConnection(url: cluster, schema: nil)
        try admin.executeScript("DO $$ BEGIN CREATE ROLE city_reader LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        let owner = try PostgresConnection(url: store, schema: nil)
        for schema in ["district_alpha", "district_beta"] {
            try owner.executeScript("GRANT USAGE ON SCHEMA \(schema) TO city_reader; GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO city_reader")
        }
        try owner.executeScript("GRANT CONNECT ON DATABASE \(database) TO city_reader")
        let cityStore = store.replacingOccurrences(of: "//survey@", with: "//city_reader@")
        let before = try alpha.count("SELECT COUNT(*) FROM audit_log")
        let result = try alpha.cli(["city-report", "--store", cityStore, "--format", "csv", "--label", "alpha=甲区"], withData: false)
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\r\n").map(String.init)
        #expect(lines.first?.contains("区,监督员,参与人数") == true)
        #expect(lines.count == 4, "alpha, beta and the total: \(lines)")
        #expect(lines[1].hasPrefix("甲区,277,") && lines[2].hasPrefix("beta,277,") && lines[3].hasPrefix("合计,554,"), "\(lines)")
        #expect(try alpha.count("SELECT COUNT(*) FROM audit_log") == before)
        // A label for a district the report does not hold is a typo, said so.
        let typo = try alpha.cli(["city-report", "--store", cityStore, "--label", "alhpa=甲区"], withData: false)
        #expect(typo.status != 0 && typo.error.contains("“alhpa”不在汇总的区中"), "\(typo.error)")
        // A table the role may not read is named as a privilege to ask for, not libpq's English.
        try owner.executeScript("REVOKE SELECT ON district_beta.rectification_items FROM city_reader")
        let revoked = try alpha.cli(["city-report", "--store", cityStore], withData: false)
        #expect(revoked.status != 0 && revoked.error.contains("无权读取 district_beta"), "\(revoked.error)")
        _ = beta
    }

    @Test func theCityReportNamesADistrictItCannotReadOrThatIsNewer() throws {
        let (alpha, _) = try Self.twoDistricts()
        let store = try #require(alpha.store)
        let database = try #require(store.split(separator: "/").last)
        let owner = try PostgresConnection(url: store, schema: nil)
        try owner.executeScript(
            """
            DO $$ BEGIN CREATE ROLE city_partial LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;
            GRANT CONNECT ON DATABASE \(database) TO city_partial;
            GRANT USAGE ON SCHEMA district_alpha TO city_partial;
            GRANT SELECT ON ALL TABLES IN SCHEMA district_alpha TO city_partial;
            """)
        // beta was never granted: the report must not leave it out of the totals quietly.
        let partial = store.replacingOccurrences(of: "//survey@", with: "//city_partial@")
        let refused = try alpha.cli(["city-report", "--store", partial], withData: false)
        #expect(refused.status != 0)
        #expect(refused.error.contains("district_beta") && refused.error.contains("GRANT"), "\(refused.error)")
        // A district written by a newer program is named, in a report's words.
        try owner.executeScript("INSERT INTO district_beta.schema_migrations VALUES ('v99-future', '2030-01-01T00:00:00.000Z')")
        let newer = try alpha.cli(["city-report", "--store", store], withData: false)
        #expect(newer.status != 0)
        #expect(newer.error.contains("beta") && newer.error.contains("v99-future") && !newer.error.contains("拒绝启动"), "\(newer.error)")
    }
}
