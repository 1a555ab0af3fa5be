import Foundation
import Testing

/// `survey simulate`: many supervisors over libwebsockets' client API, against the real server.
@Suite(.serialized)
struct SimulatorTests {
    @Test func simulatedSupervisorsReceiveThePushAndAnswer() throws {
        let server = try ServerProcess(demoRoster: 80)
        try server.launch("annual-2022.yaml")
        let run = try server.cli("simulate", "--supervisors", "80", "--think-max", "0.3", "--max-seconds", "60", "--json")
        #expect(run.status == 0, "\(run.error)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(report["connected"] as? Int == 80)
        #expect(report["acked"] as? Int == 80)
        #expect((report["errors"] as? [String: Any])?.isEmpty == true)
        #expect(try server.count("SELECT COUNT(*) FROM submissions") == 80)
        // The random answers pass the server's validation, skip logic included, and raise findings
        // (numbered by the server within about half a second of the answers that raised them).
        try waitUntil("rows on the list") {
            let rows = try server.cli("rectify", "list").output
            return rows.contains("共 ") && !rows.contains("共 0 项")
        }
    }

    @Test func aLaunchWhileConnectedIsPushedToEverySimulatedSupervisor() throws {
        let server = try ServerProcess(demoRoster: 40)
        let port = server.port
        let binary = ServerProcess.binary
        let data = server.dataDirectory
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = [
            "simulate", "--supervisors", "40", "--think-max", "0.2", "--max-seconds", "30", "--json", "--data", data,
            "--server", "http://127.0.0.1:\(port)",
        ]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // Launch once all 40 are connected: a push to someone not yet there would arrive as a welcome.
        try waitUntil("40 supervisors online", seconds: 20) { try onlineCount(port: port) == 40 }
        try server.launch("haocaiping-followup.yaml")
        let text = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = try #require(try JSONSerialization.jsonObject(with: text) as? [String: Any])
        #expect(report["pushes"] as? Int == 40)
        #expect(report["acked"] as? Int == 40)
    }

    @Test func theSimulatorOnlyTalksToLoopback() throws {
        let server = try ServerProcess(demoRoster: 2)
        let refused = try server.cli("simulate", "--supervisors", "1", "--server", "http://10.1.2.3:8080")
        #expect(refused.status != 0)
        #expect(refused.error.contains("只连接本机"))
    }
}
