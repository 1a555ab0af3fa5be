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
        let (client, welcome, launch) = try connectWhileLocked(
            server, running: ["launch", ServerProcess.repositoryRoot.appendingPathComponent("Surveys/haocaiping-followup.yaml").path])
        // Welcomed before the launch was stored, the page gets the survey pushed when it is.
        let surveys = (welcome["surveys"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        if surveys.isEmpty {
            let push = try client.receive(type: "survey")
            #expect((push["survey"] as? [String: Any])?["id"] as? String == "haocaiping-followup")
        }
        launch.waitUntilExit()
        #expect(launch.terminationStatus == 0)
    }

    /// The same for a step on the 台账: `rectify assign` waits on the lock, nobody else does.
    @Test(.sqliteFile) func aRectifyStepWaitingOnTheDatabaseStallsNobody() throws {
        let server = try ServerProcess(demoRoster: 3, sampleData: true)
        let (_, _, step) = try connectWhileLocked(
            server, running: ["rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "银企对接", "--deadline", "2099-06-30"])
        step.waitUntilExit()
        #expect(step.terminationStatus == 0)
        #expect(try server.cli("rectify", "show", "6").output.contains("区金融工作局"))
    }

    /// Holds SQLite's write lock from another process for 4 s, runs the CLI `command` meanwhile, and
    /// connects a supervisor while it waits: the welcome must come at once.
    func connectWhileLocked(
        _ server: ServerProcess, running command: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (WebSocketTestClient, [String: Any], Process) {
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
        #expect(String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self) == "locked\n", sourceLocation: sourceLocation)
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        cli.arguments = command + ["--data", server.dataDirectory]
        cli.standardOutput = FileHandle.nullDevice
        cli.standardError = FileHandle.nullDevice
        try cli.run()
        // The command reaches the server and waits on the lock.
        Thread.sleep(forTimeInterval: 0.7)
        let started = Date()
        let client = try WebSocketTestClient(port: server.port)
        let welcome = try client.hello(token: tokens[0].token)
        let waited = Date().timeIntervalSince(started)
        #expect(welcome["type"] as? String == "welcome", sourceLocation: sourceLocation)
        #expect(waited < 1.5, "welcomed after \(waited) s while \(command[0]) waited on the lock", sourceLocation: sourceLocation)
        holder.waitUntilExit()
        return (client, welcome, cli)
    }
}
