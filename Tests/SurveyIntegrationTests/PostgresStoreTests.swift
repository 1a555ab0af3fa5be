import Foundation
import SurveyCore
import Synchronization
import Testing

@testable import SurveyStore

/// PostgreSQL's own refusals, read back from a running cluster: what SQLite's `synchronous=FULL`
/// check, migration check and byte order are on the other store.
@Suite(.postgresOnly) struct PostgresStoreTests {
    static func serve(_ store: String) throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-pg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        return try StartupRefusalTests.serve(["--port", "0", "--data", directory, "--demo-roster", "2", "--store", store])
    }

    static func database(_ options: String = "") throws -> String {
        let cluster = try #require(testPostgresCluster)
        let name = "refuse_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try PostgresConnection(url: cluster, schema: nil).executeScript("CREATE DATABASE \(name) \(options)")
        return cluster.replacingOccurrences(of: "/postgres", with: "/" + name)
    }

    @Test func commitsThatAreNotFlushedAreRefused() throws {
        let store = try Self.database()
        defer { ServerProcess.dropDatabase(store) }
        let name = try #require(store.split(separator: "/").last)
        try PostgresConnection(url: try #require(testPostgresCluster), schema: nil).executeScript("ALTER DATABASE \(name) SET synchronous_commit = off")
        let result = try Self.serve(store)
        #expect(result.status != 0)
        #expect(result.output.contains("synchronous_commit 为 off"), "\(result.output)")
        #expect(!result.output.contains("服务器已启动"))
    }

    @Test func aDatabaseThatSortsByLocaleIsRefused() throws {
        let store = try Self.database("TEMPLATE template0 LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'")
        defer { ServerProcess.dropDatabase(store) }
        let result = try Self.serve(store)
        #expect(result.status != 0)
        #expect(result.output.contains("排序规则为 C.UTF-8"), "\(result.output)")
    }

    @Test func aDatabaseThatSortsByICUIsRefused() throws {
        let store = try Self.database("TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'zh-Hans-CN' LOCALE 'C'")
        defer { ServerProcess.dropDatabase(store) }
        let result = try Self.serve(store)
        #expect(result.status != 0)
        #expect(result.output.contains("排序规则为 ICU zh-Hans-CN"), "\(result.output)")
    }

    @Test func aDatabaseNotInUTF8IsRefused() throws {
        let store = try Self.database("TEMPLATE template0 ENCODING 'LATIN1' LOCALE 'C'")
        defer { ServerProcess.dropDatabase(store) }
        let result = try Self.serve(store)
        #expect(result.status != 0)
        #expect(result.output.contains("编码为 LATIN1"), "\(result.output)")
        #expect(!result.output.contains("服务器已启动"))
    }

    @Test func aDatabaseFromANewerVersionIsRefused() throws {
        let running = try ServerProcess(demoRoster: 2)
        running.stop()
        let store = try #require(running.store)
        try PostgresConnection(url: store, schema: "public").executeScript(
            "INSERT INTO schema_migrations (identifier, applied_at) VALUES ('v99-from-the-future', '2030-01-01T00:00:00.000Z')")
        let result = try Self.serve(store)
        #expect(result.status != 0)
        #expect(result.output.contains("v99-from-the-future"), "\(result.output)")
        #expect(!result.output.contains("服务器已启动"))
    }

    @Test(arguments: [
        ("postgres://survey:secret-word@127.0.0.1:1/none", "secret-word"),
        ("postgres://survey@127.0.0.1:1/none?password=secret-word", "secret-word"),
        ("postgres://survey@127.0.0.1:1/none?sslmode=disable&password=secret-word", "secret-word"),
    ])
    func anUnreachableServerIsNamedWithoutItsPassword(url: String, secret: String) throws {
        let result = try Self.serve(url)
        #expect(result.status != 0)
        #expect(result.output.contains("无法连接 PostgreSQL"), "\(result.output)")
        #expect(result.output.contains("该地址和端口上没有 PostgreSQL 在运行"), "\(result.output)")
        #expect(!result.output.contains(secret), "\(result.output)")
    }

    /// However many office requests come at once, a node holds a bounded number of connections
    /// (DEPLOY.md sizes `max_connections` by it), and every request is still answered.
    @Test func aBurstOfRequestsUsesABoundedPool() throws {
        let server = try ServerProcess(demoRoster: 0, sampleData: true, arguments: ["--store-connections", "2"])
        let (token, port) = (try server.adminToken(), server.port)
        let database = try #require(server.store?.split(separator: "/").last.map(String.init))
        let observer = try PostgresConnection(url: try #require(testPostgresCluster), schema: nil)
        // A slow moment of the database (here a lock, as a long maintenance statement would hold):
        // the requests' reads wait, and more requests keep coming.
        let blocker = try PostgresConnection(url: try #require(server.store), schema: "public")
        try blocker.executeScript("BEGIN; LOCK TABLE submissions IN ACCESS EXCLUSIVE MODE")
        let answered = Mutex(0)
        let group = DispatchGroup()
        for _ in 0..<24 {
            DispatchQueue.global().async(group: group) {
                let request = "GET /api/report HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nConnection: close\r\n\r\n"
                if let reply = try? httpExchange(port: port, request, timeout: 60), reply.head.contains(" 200") {
                    answered.withLock { $0 += 1 }
                }
            }
        }
        var peak = 0
        let unlockAt = Date().addingTimeInterval(5)
        var locked = true
        repeat {
            if locked && Date() > unlockAt {
                try blocker.executeScript("COMMIT")
                locked = false
            }
            let open = try observer.fetchOne(Int.self, sql: "SELECT count(*)::int FROM pg_stat_activity WHERE datname = ?", arguments: [database]) ?? 0
            peak = max(peak, open)
        } while group.wait(timeout: .now() + 0.01) == .timedOut
        #expect(answered.withLock { $0 } == 24)
        // The pool, the connection that listens for the other nodes' changes, and the blocker.
        #expect(peak <= 2 + 1 + 1, "\(peak) connections at once")
    }

    /// A node frozen inside a write (a paused VM, a swap storm, a cut network) holds its district's
    /// write lock: PostgreSQL ends that transaction after `idleTransactionSeconds`, and the other
    /// nodes' answers are acknowledged again.
    @Test func aFrozenTransactionDoesNotHoldUpTheDistrict() throws {
        let server = try ServerProcess(demoRoster: 2)
        try server.launch("haocaiping-followup.yaml")
        let frozenNode = try PostgresStore(url: try #require(server.store), district: server.district)
        let holding = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            _ = try? frozenNode.write { _ in
                holding.signal()
                Thread.sleep(forTimeInterval: Double(PostgresStore.idleTransactionSeconds) + 12)
            }
            finished.signal()
        }
        holding.wait()
        let started = Date()
        let client = try WebSocketTestClient(port: server.port, timeout: 60)
        _ = try client.hello(token: try server.tokens()[0].token)
        try client.send(json: submitMessage())
        _ = try client.receive(type: "ack")
        let waited = Date().timeIntervalSince(started)
        #expect(waited < Double(PostgresStore.idleTransactionSeconds) + 6, "acknowledged after \(Int(waited)) s")
        finished.wait()
    }

    /// `/healthz` answers for the database too: 503 and the cause while the node cannot reach it,
    /// `ok` again once it can.
    @Test func healthSaysWhenTheDatabaseIsGone() throws {
        let server = try ServerProcess(demoRoster: 2)
        let (_, _) = try server.supervisor(0)  // something for the node to record, as on any working day
        #expect(try httpGet(port: server.port, path: "/healthz").head.contains(" 200"))
        let cluster = try PostgresConnection(url: try #require(testPostgresCluster), schema: nil)
        let name = try #require(server.store?.split(separator: "/").last.map(String.init))
        // Away under another name: the node's connections are ended and it cannot open new ones.
        func rename(_ from: String, _ to: String) throws {
            for attempt in 0..<50 {
                try cluster.executeScript("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(from)'")
                do {
                    try cluster.executeScript("ALTER DATABASE \(from) RENAME TO \(to)")
                    return
                } catch  where attempt < 49 {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
        }
        try rename(name, name + "_away")
        var health = (head: "", body: "")
        try waitUntil("health reports the database", seconds: 20) {
            health = try httpGet(port: server.port, path: "/healthz")
            return health.head.contains(" 503")
        }
        // The cause as the node met it first: its connection ended, or no new one could be opened.
        let cause = health.body.contains("无法连接 PostgreSQL") || health.body.contains("与 PostgreSQL 的连接已断开")
        #expect(health.body.contains("\"status\":\"degraded\"") && cause, "\(health.body)")
        try rename(name + "_away", name)
        try waitUntil("health recovers", seconds: 20) { try httpGet(port: server.port, path: "/healthz").head.contains(" 200") }
    }

    /// libpq's reasons are told in Chinese first, its own text after for the database administrator.
    @Test func aMissingDatabaseOrUserIsSaidInChinese() throws {
        let cluster = try #require(testPostgresCluster)
        let missing = try Self.serve(cluster.replacingOccurrences(of: "/postgres", with: "/no_such_database"))
        #expect(missing.status != 0)
        #expect(missing.output.contains("数据库或用户不存在") && missing.output.contains("libpq："), "\(missing.output)")
        #expect(PostgresConnectFailure.cause(of: #"FATAL:  password authentication failed for user "survey""#) == "用户名或密码错误")
        #expect(PostgresConnectFailure.cause(of: "something else entirely") == nil)
    }

    @Test func aPasswordWithAnUnescapedAtIsRefusedWithoutShowingAnyOfIt() throws {
        let result = try Self.serve("postgres://s2:p@ss/w:rd#1@127.0.0.1:1/none")
        #expect(result.status != 0)
        #expect(result.output.contains("未转义的 @"), "\(result.output)")
        #expect(!result.output.contains("ss/w") && !result.output.contains("rd#1"), "\(result.output)")
    }

    @Test func aDistrictNameThatCannotNameASchemaIsRefused() throws {
        let store = try Self.database()
        defer { ServerProcess.dropDatabase(store) }
        for name in ["Dong Li", "东丽", "1st", "a;drop"] {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-pg-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = try StartupRefusalTests.serve(["--port", "0", "--data", directory, "--store", store, "--district", name])
            #expect(result.status != 0)
            #expect(result.output.contains("区名“\(name)”无效"), "\(result.output)")
        }
    }

    @Test func aPooledConnectionTheDatabaseDroppedIsReplacedNotFailed() throws {
        let url = try ServerProcess.freshDatabase(on: try #require(testPostgresCluster))
        defer { ServerProcess.dropDatabase(url) }
        let database = try SurveyDatabase(location: url)
        defer { database.closeStore() }
        #expect(try database.roster().isEmpty, "the pool now holds an idle connection")
        // As when the database restarts or a firewall drops idle connections.
        let admin = try PostgresConnection(url: url, schema: nil)
        let name = try #require(url.split(separator: "/").last.map(String.init))
        _ = try admin.fetchAll(
            Bool.self, sql: "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", arguments: [name])
        try waitUntil {
            try admin.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()", arguments: [name]) == 0
        }
        try database.addSupervisors([(Supervisor(id: "S001", name: "甲", category: .privateEnterprise), "h1")], at: Date())
        #expect(try database.roster().count == 1)
    }

    @Test func backupAndRestoreOfANodeOnPostgreSQLPointToPgDump() throws {
        let server = try ServerProcess(demoRoster: 2)
        let backup = server.dataDirectory + "/../backup-\(UUID().uuidString).sqlite"
        let made = try server.cli("backup", backup)
        #expect(made.status != 0)
        #expect(made.error.contains("PostgreSQL") && made.error.contains("pg_dump"), "\(made.error)")
        #expect(!FileManager.default.fileExists(atPath: backup))
        server.stop()
        let restored = try server.cli("restore", backup)
        #expect(restored.error.contains("pg_restore"), "\(restored.error)")
    }
}
