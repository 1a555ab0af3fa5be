import Foundation
import Testing

/// A command that cannot do its work (a file missing, a server in the way) says so in Chinese and
/// exits 1; ArgumentParser's English "Error:" and "Usage:" lines are kept for mistakes in the arguments.
@Suite struct CommandFailureTests {
    static func expectPlainFailure(_ arguments: [String], naming fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try ServerProcess.run(arguments)
        #expect(result.status == 1, "\(arguments): exit \(result.status)", sourceLocation: sourceLocation)
        #expect(result.error.hasPrefix("错误："), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.contains(fragment), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(!result.error.contains("Usage") && !result.error.contains("Error:"), "\(arguments): \(result.error)", sourceLocation: sourceLocation)
    }

    @Test func aMissingFileIsNamedWithoutUsageLines() throws {
        let nowhere = FileManager.default.temporaryDirectory.appendingPathComponent("missing-\(UUID().uuidString)").path
        try Self.expectPlainFailure(["report", "--db", nowhere + "/survey.db"], naming: nowhere)
        try Self.expectPlainFailure(["backup", nowhere + ".sqlite", "--data", nowhere], naming: nowhere)
        try Self.expectPlainFailure(["copy-store", "--data", nowhere, "--to", "postgres://survey@127.0.0.1:1/x"], naming: nowhere)
    }

    @Test func aRunningServerInTheWayIsNamedWithoutUsageLines() throws {
        let server = try ServerProcess(demoRoster: 1)
        // A node on PostgreSQL points to pg_restore instead.
        try Self.expectPlainFailure(
            ["restore", server.dataDirectory + "/nothing.sqlite", "--data", server.dataDirectory], naming: testPostgresCluster == nil ? "正在使用" : "pg_restore")
        try Self.expectPlainFailure(["units", "import", server.dataDirectory + "/no-units.csv", "--data", server.dataDirectory], naming: "no-units.csv")
    }

    @Test func anArgumentMistakeStillShowsTheUsage() throws {
        let result = try ServerProcess.run(["status"])
        #expect(result.status == 64)
        #expect(result.error.contains("Usage"), "\(result.error)")
    }
}
