import Foundation
import Synchronization
import Testing

/// Stopping the server (SIGTERM) hands out the ack of every answer it committed and says goodbye
/// with a 1001 close frame; the data directory is the owner's alone.
@Suite(.serialized)
struct ShutdownTests {
    @Test func sigtermSendsEveryCommittedAckAndA1001Close() throws {
        let clients = 40
        let server = try ServerProcess(demoRoster: clients)
        try server.launch("haocaiping-followup.yaml")
        var connected: [(client: WebSocketTestClient, id: String)] = []
        for index in 0..<clients {
            let (client, _) = try server.supervisor(index)
            connected.append((client, UUID().uuidString.lowercased()))
        }
        for (client, id) in connected { try client.send(json: submitMessage(id: id)) }
        server.stop()
        var acked: Set<String> = []
        var closes: [Int] = []
        for (client, id) in connected {
            while true {
                guard let frame = try? client.receive() else { break }
                if case .close(let code) = frame {
                    closes.append(code)
                    break
                }
                if case .text(let text) = frame, text.contains(#""type":"ack""#), text.contains(id) { acked.insert(id) }
            }
        }
        try server.start()
        let stored = Set(try server.query { try $0.fetchAll(String.self, sql: "SELECT id FROM submissions") })
        #expect(stored.subtracting(acked).isEmpty, "\(stored.subtracting(acked).count) of \(stored.count) committed answers got no ack")
        #expect(closes.count == clients && closes.allSatisfy { $0 == 1001 }, "close codes: \(closes)")
    }

    @Test(.sqliteFile) func theDataDirectoryAndItsFilesAreOwnerOnly() throws {
        let server = try ServerProcess(demoRoster: 2)
        let (client, _) = try server.supervisor(0)
        _ = client
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1) & 0o777
        }
        #expect(try mode(server.dataDirectory) == 0o700)
        for file in ["survey.sqlite", "survey.sqlite-wal", "survey.sqlite-shm", "server.json", "admin-token", "demo-links.csv"] {
            #expect(try mode(server.dataDirectory + "/" + file) == 0o600, "\(file)")
        }
    }
}
