import Foundation
import Testing

/// An ack promises the answer survives power loss, so the WAL must reach the disk before it goes
/// out. Checked on the running server: it runs under strace, and every ack written to a socket
/// must come after an fsync or fdatasync of `survey.sqlite-wal` since the previous ack.
@Suite(.serialized)
struct FsyncBeforeAckTests {
    @Test(.sqliteFile) func everyAckFollowsAnFsyncOfTheWAL() throws {
        let trace = FileManager.default.temporaryDirectory.appendingPathComponent("survey-strace-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let strace = [
            "/usr/bin/strace", "-f", "-y", "-qq", "-s", "256", "-o", trace,
            "-e", "trace=fsync,fdatasync,sendto,sendmsg,write,writev", "--",
        ]
        let answers = 10
        let server = try ServerProcess(demoRoster: answers, wrapper: strace)
        try server.launch("haocaiping-followup.yaml")
        for index in 0..<answers {
            let (client, _) = try server.supervisor(index)
            let id = UUID().uuidString.lowercased()
            try client.send(json: submitMessage(id: id))
            #expect(try client.receive(type: "ack")["id"] as? String == id)
        }
        server.stop()
        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
        var synced = false
        var acks = 0
        var unsynced = 0
        for line in lines {
            if (line.contains("fdatasync(") || line.contains("fsync(")) && line.contains("survey.sqlite-wal>") {
                synced = true
            } else if line.contains(#"\"type\":\"ack\""#) {
                acks += 1
                if !synced { unsynced += 1 }
                synced = false
            }
        }
        #expect(acks == answers)
        #expect(unsynced == 0, "\(unsynced) of \(acks) acks went out with no fsync of the WAL before them")
    }
}
