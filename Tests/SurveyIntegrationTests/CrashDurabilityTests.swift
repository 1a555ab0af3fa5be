import Foundation
import Synchronization
import Testing

/// Clients answer while the server is killed with SIGKILL at random moments; after every restart,
/// each acknowledged answer is there exactly once and the database is sound. `CRASH_ROUNDS`
/// (default 5) sets the rounds; `make crash-test` runs 25.
@Suite(.serialized)
struct CrashDurabilityTests {
    static let rounds = Int(ProcessInfo.processInfo.environment["CRASH_ROUNDS"] ?? "") ?? 5
    static let writers = 4
    static let perWriter = 80

    @Test func everyAcknowledgedAnswerSurvivesKill9() throws {
        let server = try ServerProcess(demoRoster: Self.rounds * Self.writers * Self.perWriter)
        try server.launch("haocaiping-followup.yaml")
        let tokens = try server.tokens().map(\.token)
        let acked = Mutex<[String]>([])
        for round in 0..<Self.rounds {
            let port = server.port
            let stop = Atomic<Bool>(false)
            let group = DispatchGroup()
            for writer in 0..<Self.writers {
                let start = (round * Self.writers + writer) * Self.perWriter
                let mine = Array(tokens[start..<(start + Self.perWriter)])
                DispatchQueue.global().async(group: group) {
                    for token in mine where !stop.load(ordering: .relaxed) {
                        guard let client = try? WebSocketTestClient(port: port, timeout: 3),
                            (try? client.hello(token: token)) != nil
                        else { return }
                        let id = UUID().uuidString.lowercased()
                        guard (try? client.send(json: submitMessage(id: id))) != nil,
                            let ack = try? client.receive(type: "ack"), ack["id"] as? String == id
                        else { return }
                        acked.withLock { $0.append(id) }
                    }
                }
            }
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4))
            server.kill9()
            stop.store(true, ordering: .relaxed)
            group.wait()
            try server.start()
            let ids = acked.withLock { $0 }
            #expect(try server.sqliteIntegrity() ?? "ok" == "ok", "round \(round)")
            let stored = try server.query { db in Set(try db.fetchAll(String.self, sql: "SELECT id FROM submissions")) }
            let missing = ids.filter { !stored.contains($0) }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged answers lost")
        }
        let ids = acked.withLock { $0 }
        #expect(ids.count > Self.rounds, "the clients got answers acknowledged between the kills")
        #expect(Set(ids).count == ids.count)
        let duplicates = try server.count("SELECT COUNT(*) - COUNT(DISTINCT id) FROM submissions")
        #expect(duplicates == 0)
    }
}
