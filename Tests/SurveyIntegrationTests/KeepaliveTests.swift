import Foundation
import Testing

/// An idle page that answers the server's pings keeps its one connection, however long it waits;
/// one that does not answer is dropped after `--idle-hangup`.
@Suite(.serialized)
struct KeepaliveTests {
    @Test func aClientAnsweringPingsOutlivesSeveralHangupPeriods() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--idle-ping", "1", "--idle-hangup", "3"])
        let (client, _) = try server.supervisor(0)
        let pings = try client.answerPings(for: 10)
        #expect(pings >= 4, "a ping at every idle period, not only the first")
        // Still served after more than three hang-up periods of silence.
        try client.send(json: ["v": 1, "type": "hello", "token": "again"])
        #expect(try client.receive(type: "error")["code"] as? String == "already_authenticated")
    }

    @Test func aClientThatNeverAnswersIsDropped() throws {
        let server = try ServerProcess(demoRoster: 2, arguments: ["--idle-ping", "1", "--idle-hangup", "3"])
        let (client, _) = try server.supervisor(0)
        Thread.sleep(forTimeInterval: 4.5)
        #expect(client.drainUntilClosed())
    }
}
