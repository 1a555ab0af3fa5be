import Foundation
import SurveyAPI
import SurveyCore
import Testing

@testable import SurveyServer
@testable import SurveyStore

/// A launch is stored off the loop thread and applied to the hub when stored: a failure after the
/// commit still pushes what was stored and says what could not be done; a failed write changes
/// nothing. In process, over a store that fails as told.
@Suite struct LaunchOutcomeTests {
    /// A SQLite store that claims to be shared by several nodes, and fails as told: the query for
    /// pages open on other nodes, or every write.
    final class FailingStore: SQLStore {
        enum Failure: Error, CustomStringConvertible {
            case presence, write
            var description: String { self == .presence ? "节点登记表暂不可读（测试）" : "写入失败（测试）" }
        }
        let inner: SQLiteStore
        let failsWrites: Bool
        init(path: String, failsWrites: Bool) throws {
            inner = try SQLiteStore(path: path)
            self.failsWrites = failsWrites
        }
        var dialect: SQLDialect { inner.dialect }
        var isShared: Bool { true }
        func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
            try inner.read { db in try body(PresenceFailing(db)) }
        }
        func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
            if failsWrites { throw Failure.write }
            return try inner.write { db in try body(PresenceFailing(db)) }
        }
        func integrityCheck() throws -> String { try inner.integrityCheck() }
        func close() { inner.close() }
    }

    /// A connection whose reads of `node_presence` fail.
    struct PresenceFailing: SQLConnection {
        let db: any SQLConnection
        init(_ db: any SQLConnection) { self.db = db }
        var dialect: SQLDialect { db.dialect }
        func execute(sql: String, arguments: [any SQLBindable]) throws -> Int { try db.execute(sql: sql, arguments: arguments) }
        func rows(sql: String, arguments: [any SQLBindable]) throws -> [SQLRow] {
            if sql.contains("node_presence") { throw FailingStore.Failure.presence }
            return try db.rows(sql: sql, arguments: arguments)
        }
        func executeScript(_ sql: String) throws { try db.executeScript(sql) }
        func savepoint(_ body: () throws -> Void) throws { try db.savepoint(body) }
    }

    @Test func aLaunchStoredButUnableToCountOtherNodesPushesAndSaysSo() throws {
        let directory = DataDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("survey-launch-\(UUID().uuidString)").path)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try directory.create()
        let links = try directory.prepare(demoRosterSize: 2).newDemoLinks
        let shared = SurveyDatabase(store: try FailingStore(path: directory.databasePath, failsWrites: false))
        let state = try LoopState(configuration: ServerConfiguration(dataDirectory: directory.path), database: shared, reviewItems: [])
        var hub = state.hub
        let now = Date()
        hub.connected(1)
        _ = hub.received(Array(#"{"v":1,"type":"hello","token":"\#(links[0].token)"}"#.utf8), from: 1, at: now)
        let yaml = try Data(contentsOf: ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml"))
        let request = HTTPRequest(method: "POST", path: "/api/surveys", query: [], authorization: "Bearer \(try directory.adminToken())", body: Array(yaml))
        guard case .store(let store) = state.admin.handle(request, hub: &hub, at: now) else {
            Issue.record("a launch is stored off the loop thread")
            return
        }
        // A write that fails changes nothing: no survey in the hub, nothing for any page.
        var untouched = hub
        let failing = SurveyDatabase(store: try FailingStore(path: directory.databasePath, failsWrites: true))
        #expect(throws: FailingStore.Failure.write) { _ = try store(failing)(&untouched) }
        #expect(hub.openSurveys.isEmpty)
        // Stored, it is pushed to the open page; the reply says the other nodes could not be counted.
        let (response, actions) = try store(shared)(&hub)
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 201 && body.contains("未能查询其他节点") && body.contains("节点登记表暂不可读"), "\(body)")
        #expect(actions.contains { if case .send(1, _) = $0 { true } else { false } }, "pushed to the page open here")
        #expect(hub.openSurveys.map(\.survey.id) == ["haocaiping-followup"])
        #expect(try shared.hasSurvey("haocaiping-followup"))
    }
}
