import Foundation
import Testing

/// `survey serve` started outside the repository finds the review items beside its pages.
@Suite(.serialized)
struct ServeLocationTests {
    @Test func reviewItemsAreFoundBesideTheWebDirectory() throws {
        let elsewhere = FileManager.default.temporaryDirectory.appendingPathComponent("survey-cwd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: elsewhere) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ServerProcess.binary)
        process.currentDirectoryURL = elsewhere
        process.arguments = [
            "serve", "--host", "127.0.0.1", "--port", "0", "--data", "data",
            "--web", ServerProcess.repositoryRoot.appendingPathComponent("Web").path,
        ]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let info = elsewhere.appendingPathComponent("data/server.json").path
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && !FileManager.default.fileExists(atPath: info) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let started = process.isRunning && FileManager.default.fileExists(atPath: info)
        if process.isRunning { kill(process.processIdentifier, SIGTERM) }
        process.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(started, "\(text)")
    }
}
