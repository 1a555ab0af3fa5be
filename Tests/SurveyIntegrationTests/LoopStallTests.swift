import Foundation
import Testing

@testable import SurveyStore

/// The service thread never waits on the database for an admin change: the change is stored off
/// it and applied when stored, so every other socket keeps being served meanwhile.
@Suite(.serialized)
struct LoopStallTests {
    /// Another process holds the store's write lock while `survey launch` waits for it. A supervisor
    /// who connects meanwhile is welcomed at once (it took 3.4 s when the launch waited on the loop),
    /// and gets the survey once the lock is gone.
    @Test func aLaunchWaitingOnTheDatabaseStallsNobody() throws {
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
    @Test func aRectifyStepWaitingOnTheDatabaseStallsNobody() throws {
        let server = try ServerProcess(demoRoster: 3, sampleData: true)
        let (_, _, step) = try connectWhileLocked(
            server, running: ["rectify", "assign", "6", "--unit", "区金融工作局", "--measure", "银企对接", "--deadline", "2099-06-30"])
        step.waitUntilExit()
        #expect(step.terminationStatus == 0)
        #expect(try server.cli("rectify", "show", "6").output.contains("区金融工作局"))
    }

    /// And for an evidence file: checked and kept off the loop thread.
    @Test func anUploadWaitingOnTheDatabaseStallsNobody() throws {
        let server = try ServerProcess(demoRoster: 3, sampleData: true)
        let file = server.dataDirectory + "/纪要.pdf"
        try Data("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8).write(to: URL(fileURLWithPath: file))
        let (_, _, upload) = try connectWhileLocked(server, running: ["rectify", "evidence", "5", file])
        upload.waitUntilExit()
        #expect(upload.terminationStatus == 0)
        #expect(try server.cli("rectify", "show", "5").output.contains("纪要.pdf"))
    }

    /// Holds the store's write lock from outside the server (SQLite's from another process,
    /// PostgreSQL's district lock from another session), runs the CLI `command` meanwhile, and
    /// connects a supervisor while it waits: the welcome, and `/healthz`, must come at once. Then
    /// lets the lock go.
    func connectWhileLocked(
        _ server: ServerProcess, running command: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (WebSocketTestClient, [String: Any], Process) {
        let tokens = try server.tokens()
        let unlock = try holdWriteLock(server)
        let cli = Process()
        cli.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        cli.arguments = command + ["--data", server.dataDirectory]
        cli.standardOutput = FileHandle.nullDevice
        cli.standardError = FileHandle.nullDevice
        try cli.run()
        // The command reaches the server and waits on the lock.
        Thread.sleep(forTimeInterval: 0.7)
        var started = Date()
        let client = try WebSocketTestClient(port: server.port)
        let welcome = try client.hello(token: tokens[0].token)
        let waited = Date().timeIntervalSince(started)
        started = Date()
        let health = try httpGet(port: server.port, path: "/healthz")
        let healthWaited = Date().timeIntervalSince(started)
        #expect(cli.isRunning, "\(command[0]) still waits on the lock", sourceLocation: sourceLocation)
        try unlock()
        #expect(welcome["type"] as? String == "welcome", sourceLocation: sourceLocation)
        #expect(waited < 1, "welcomed after \(waited) s while \(command[0]) waited on the lock", sourceLocation: sourceLocation)
        #expect(health.head.hasPrefix("HTTP/1.1 200") && healthWaited < 1, "/healthz after \(healthWaited) s", sourceLocation: sourceLocation)
        return (client, welcome, cli)
    }

    /// Takes the write lock the server's store needs; returns what lets it go.
    func holdWriteLock(_ server: ServerProcess) throws -> () throws -> Void {
        if let store = server.store {
            let schema = try PostgresStore.schema(district: server.district)
            let session = try PostgresConnection(url: store, schema: nil)
            try session.executeScript("SELECT pg_advisory_lock(hashtext('\(schema)'))")
            return { try session.executeScript("SELECT pg_advisory_unlock(hashtext('\(schema)'))") }
        }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        // Holds the lock until its standard input closes.
        holder.arguments = [
            "-c",
            "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1], isolation_level=None)\nc.execute('BEGIN IMMEDIATE')\n"
                + "print('locked', flush=True)\nsys.stdin.read()\nc.execute('ROLLBACK')",
            server.dataDirectory + "/survey.sqlite",
        ]
        let (input, output) = (Pipe(), Pipe())
        holder.standardInput = input
        holder.standardOutput = output
        try holder.run()
        guard String(decoding: output.fileHandleForReading.readData(ofLength: 7), as: UTF8.self) == "locked\n" else {
            throw WebSocketTestClient.Failure(description: "the lock holder did not take SQLite's write lock")
        }
        return {
            try input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
    }
}
