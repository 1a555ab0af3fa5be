import Foundation
import SurveyCore
import Testing

@testable import SurveyStore

/// A district moving from its SQLite data directory to PostgreSQL keeps everything: the same
/// report, links that still work, evidence served by the new nodes.
@Suite(.postgresOnly) struct CopyStoreTests {
    @Test func aDistrictMovesToPostgreSQLWithEverything() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("survey-copy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let annual = ServerProcess.repositoryRoot.appendingPathComponent("Surveys/annual-2022.yaml").path
        #expect(try ServerProcess.run(["sample-data", "--data", directory, "--survey", annual]).status == 0)
        // One evidence file, as the single node keeps it: bytes in the data directory.
        let pdf = Array("%PDF-1.4\n%%EOF\n".utf8)
        let sha = TokenHasher.sha256Hex(Data(pdf))
        try FileManager.default.createDirectory(atPath: directory + "/evidence", withIntermediateDirectories: true)
        try Data(pdf).write(to: URL(fileURLWithPath: directory + "/evidence/" + sha))
        let sqlite = try SurveyDatabase(path: directory + "/survey.sqlite")
        let file = EvidenceFile(sha256: sha, name: "台账.pdf", size: pdf.count, type: .pdf, uploadedBy: "李干事", at: Timestamp.string(Date()))
        #expect(try sqlite.addEvidence(file, number: 5, at: Date()))

        let url = try ServerProcess.freshDatabase(on: try #require(testPostgresCluster))
        defer { ServerProcess.dropDatabase(url) }
        let copied = try ServerProcess.run(["copy-store", "--data", directory, "--to", url, "--district", "gamma"])
        #expect(copied.status == 0, "\(copied.error)")
        #expect(copied.output.contains("submissions\t277"), "\(copied.output)")
        // The same report, read from either store.
        for format in ["csv", "md"] {
            let before = try ServerProcess.run(["report", "--format", format, "--db", directory + "/survey.sqlite"])
            let after = try ServerProcess.run(["report", "--format", format, "--db", url, "--district", "gamma"])
            #expect(before.status == 0 && after.status == 0, "\(after.error)")
            #expect(before.output == after.output)
        }
        // A second copy into the same district is refused.
        let again = try ServerProcess.run(["copy-store", "--data", directory, "--to", url, "--district", "gamma"])
        #expect(again.status != 0 && again.error.contains("目标区已有数据"), "\(again.error)")
        // A node on the copy: the old links work, the new ids continue, the file is served.
        let postgres = try PostgresStore(url: url, district: "gamma")
        defer { postgres.close() }
        let moved = SurveyDatabase(store: postgres)
        #expect(try moved.evidenceBytes(sha256: sha) == pdf)
        let newest = { try postgres.read { try $0.fetchOne(Int.self, sql: "SELECT MAX(id) FROM audit_log") } ?? 0 }
        let before = try newest()
        #expect(before > 1)
        // With the identity counter left at 1, this insert would collide with a copied row.
        try moved.audit(actor: "test", action: "after-copy", detail: "", at: Date())
        #expect(try newest() == before + 1, "the identity counter follows the copied rows")
        #expect(try moved.roster().map(\.tokenHash) == sqlite.roster().map(\.tokenHash))
    }
}
