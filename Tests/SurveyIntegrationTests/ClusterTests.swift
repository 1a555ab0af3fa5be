import Foundation
import Synchronization
import Testing

/// Three nodes on one PostgreSQL behind nginx, on loopback: what a deployment of docs/DEPLOY.md does
/// when staff launch a survey, and when a node dies under load.
@Suite(.postgresOnly, .serialized)
struct ClusterTests {
    final class Cluster {
        let nodes: [ServerProcess]
        let nginx: NginxProcess

        init(supervisors: Int) throws {
            let first = try ServerProcess(demoRoster: supervisors)
            nodes = [first, try ServerProcess(demoRoster: 0, sharing: first), try ServerProcess(demoRoster: 0, sharing: first)]
            nginx = try NginxProcess(nodes: nodes.map(\.port))
        }

        func tokens() throws -> [String] { try nodes[0].tokens().map(\.token) }
    }

    @Test func aLaunchFromTheCLIReachesEverySupervisorOnEveryNode() throws {
        let cluster = try Cluster(supervisors: 30)
        let pages = try cluster.tokens().map { token in
            let client = try WebSocketTestClient(port: cluster.nginx.port)
            _ = try client.hello(token: token)
            return client
        }
        // nginx spread them: every node holds some.
        for node in cluster.nodes { #expect(try onlineCount(port: node.port) > 0) }
        try cluster.nodes[0].launch("haocaiping-followup.yaml")
        for page in pages { #expect((try page.receive(type: "survey")["survey"] as? [String: Any])?["id"] as? String == "haocaiping-followup") }
    }

    /// One supervisor's page: it answers once, keeps the answer in its outbox until acknowledged,
    /// and after a lost connection reconnects (through nginx) and resends it.
    struct Outcome: Sendable {
        var id: String
        var acked = false
        var reconnects = 0
    }

    static func answer(token: String, port: Int, think: Double, until deadline: Date) -> Outcome {
        var outcome = Outcome(id: UUID().uuidString.lowercased())
        var thought = false
        while !outcome.acked && Date() < deadline {
            do {
                let page = try WebSocketTestClient(port: port, timeout: 5)
                let welcome = try page.hello(token: token)
                if (welcome["surveys"] as? [Any])?.isEmpty ?? true { _ = try page.receive(type: "survey") }
                if !thought {
                    Thread.sleep(forTimeInterval: think)
                    thought = true
                }
                try page.send(json: submitMessage(id: outcome.id))
                outcome.acked = try page.receive(type: "ack")["id"] as? String == outcome.id
            } catch {
                outcome.reconnects += 1
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        return outcome
    }

    @Test func killingANodeUnderLoadLosesNoAcknowledgedAnswer() throws {
        let supervisors = 90
        let cluster = try Cluster(supervisors: supervisors)
        try cluster.nodes[0].launch("haocaiping-followup.yaml")
        let tokens = try cluster.tokens()
        let outcomes = Mutex<[Outcome]>([])
        let deadline = Date().addingTimeInterval(60)
        let group = DispatchGroup()
        for (index, token) in tokens.enumerated() {
            let port = cluster.nginx.port
            let think = Double(index % 30) * 0.1
            group.enter()
            Thread.detachNewThread {
                let outcome = Self.answer(token: token, port: port, think: think, until: deadline)
                outcomes.withLock { $0.append(outcome) }
                group.leave()
            }
        }
        // Answers are flowing: the second node dies at once, as in a power cut.
        try waitUntil { try cluster.nodes[0].count("SELECT COUNT(*) FROM submissions") >= supervisors / 4 }
        cluster.nodes[1].kill9()
        #expect(group.wait(timeout: .now() + 70) == .success)
        let results = outcomes.withLock { $0 }
        #expect(results.count == supervisors)
        let unacked = results.filter { !$0.acked }.count
        #expect(unacked == 0, "every page got its ack from a node still up")
        #expect(results.map(\.reconnects).reduce(0, +) > 0, "some pages were on the node that died, and reconnected")
        let stored = Set(try cluster.nodes[0].query { try $0.fetchAll(String.self, sql: "SELECT id FROM submissions") })
        #expect(stored == Set(results.filter(\.acked).map(\.id)), "each acknowledged answer stored, once")
    }
}
