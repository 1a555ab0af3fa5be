import Foundation
import GRDB
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

    /// An upload whose row cannot be saved leaves no file behind that no row lists, and the reply
    /// says why in words (SQLite's own are English).
    @Test func anUploadThatCannotBeSavedLeavesNoFile() throws {
        let directory = DataDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("survey-upload-\(UUID().uuidString)").path)
        defer { try? FileManager.default.removeItem(atPath: directory.path) }
        try directory.create()
        _ = try directory.prepare(demoRosterSize: 0)
        let database = try SurveyDatabase(path: directory.databasePath)
        let state = try LoopState(configuration: ServerConfiguration(dataDirectory: directory.path), database: database, reviewItems: [])
        var hub = state.hub
        let entry = HTTPRequest(
            method: "POST", path: "/api/rectify", query: [], authorization: "Bearer \(try directory.adminToken())",
            body: Array(#"{"source":"12345热线","text":"窗口收费","items":["R05"]}"#.utf8))
        guard case .store(let enter) = state.admin.handle(entry, hub: &hub, at: Date()), try enter(database)(&hub).0.status == 201 else {
            Issue.record("the row is entered")
            return
        }
        let pdf = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)
        let upload = HTTPRequest(
            method: "POST", path: "/api/rectify/1/evidence", query: [(name: "name", value: "a.pdf")],
            authorization: "Bearer \(try directory.adminToken())", body: pdf)
        guard case .store(let store) = state.admin.handle(upload, hub: &hub, at: Date()) else {
            Issue.record("an upload is kept off the loop thread")
            return
        }
        // Only the row's list fails: the store's reads and the file's write work.
        final class ListFails: SQLStore {
            let inner: SQLiteStore
            init(path: String) throws { inner = try SQLiteStore(path: path) }
            var dialect: SQLDialect { inner.dialect }
            func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T { try inner.read(body) }
            func write<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
                try inner.write { db in
                    let result = try body(db)
                    if try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM evidence_files") ?? 0 > 0 { throw LaunchOutcomeTests.FailingStore.Failure.write }
                    return result
                }
            }
            func integrityCheck() throws -> String { try inner.integrityCheck() }
            func close() { inner.close() }
        }
        let failing = SurveyDatabase(store: try ListFails(path: directory.databasePath))
        #expect(throws: FailingStore.Failure.write) { _ = try store(failing) }
        let kept = (try? FileManager.default.contentsOfDirectory(atPath: directory.evidencePath)) ?? []
        #expect(kept.isEmpty, "no file left that no row lists: \(kept)")
        let busy = AdminAPI.internalError(DatabaseError(resultCode: .SQLITE_BUSY, message: "database is locked"))
        #expect(String(decoding: busy.body, as: UTF8.self).contains("锁定"))
    }
}
