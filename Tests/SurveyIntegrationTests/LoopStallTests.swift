import Foundation
import Testing

/// The service thread never waits on the database for an admin change: the change is stored off
/// it and applied when stored, so every other socket keeps being served meanwhile.
@Suite(.serialized)
struct LoopStallTests {
    /// Another process holds SQLite's write lock for 4 s while `survey launch` waits for it. A
    /// supervisor who connects meanwhile is welcomed at once (it took 3.4 s when the launch waited
    /// on the loop), and gets the survey once the lock is gone.
    @Test(.sqliteFile) func aLaunchWaitingOnTheDatabaseStallsNobody() throws {
        let server = try ServerProcess(demoRoster: 3)
        let tokens = try server.tokens()
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        holder.arguments = [
            "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\n"
                + "print('locked', flush=True)\ntime.sleep(4)\nc.execute('ROLLBACK')",
            server.dataDirectory + "/survey.sqlite",
        ]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { if holder.isRunning { holder.terminate() } }
        #expect(String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self) == "locked\n")
        let launch = Process()
        launch.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        launch.arguments = [
            "launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path, "--data", server.dataDirectory,
        ]
        launch.standardOutput = FileHandle.nullDevice
        launch.standardError = FileHandle.nullDevice
        try launch.run()
        // The launch reaches the server and waits on the lock.
        Thread.sleep(forTimeInterval: 0.7)
        let started = Date()
        let client = try WebSocketTestClient(port: server.port)
        let welcome = try client.hello(token: tokens[0].token)
        let waited = Date().timeIntervalSince(started)
        #expect(welcome["type"] as? String == "welcome")
        #expect(waited < 1.5, "welcomed after \(waited) s while the launch waited on the lock")
        // Welcomed before the launch was stored, the page gets the survey pushed when it is.
        let surveys = (welcome["surveys"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        if surveys.isEmpty {
            let push = try client.receive(type: "survey")
            #expect((push["survey"] as? [String: Any])?["id"] as? String == "haocaiping-followup")
        }
        launch.waitUntilExit()
        #expect(launch.terminationStatus == 0)
    }
}
