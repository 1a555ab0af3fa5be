import Foundation
import SurveyCore
import Testing

@testable import SurveyStore

/// The group commit's transaction on the store itself, SQLite or PostgreSQL as the pass runs: one
/// bad row fails alone, and an answer already stored under its id is acknowledged again, once.
@Suite struct WriteBatchTests {
    /// A database with two supervisors and the follow-up survey launched.
    static func database() throws -> (SurveyDatabase, cleanup: () -> Void) {
        let database: SurveyDatabase
        let cleanup: () -> Void
        if let cluster = testPostgresCluster {
            let url = try ServerProcess.freshDatabase(on: cluster)
            database = try SurveyDatabase(location: url)
            cleanup = {
                database.closeStore()
                ServerProcess.dropDatabase(url)
            }
        } else {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("survey-batch-\(UUID().uuidString).sqlite").path
            database = try SurveyDatabase(path: path)
            cleanup = { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
        try database.addSupervisors(
            [
                (Supervisor(id: "S001", name: "甲", category: .privateEnterprise), "h1"),
                (Supervisor(id: "S002", name: "乙", category: .community), "h2"),
            ], at: Date())
        let survey = Survey(id: "s", title: "问卷", questions: [Question(id: "q", type: .rating, title: "评分", required: true)])
        _ = try database.launch(survey, actor: "test", at: Date())
        return (database, cleanup)
    }

    static func record(_ id: String, _ supervisor: String, answers: String = #"{"q":4}"#) -> SubmissionRecord {
        SubmissionRecord(id: id, supervisorID: supervisor, survey: "s", version: 1, answersJSON: answers, receivedAt: Date())
    }

    @Test func aBadRowFailsAloneInItsBatch() throws {
        let (database, cleanup) = try Self.database()
        defer { cleanup() }
        let result = database.write(
            [.submission(Self.record("a", "S001")), .submission(Self.record("b", "S999")), .submission(Self.record("c", "S002"))], at: Date())
        #expect(result.committed.map(\.id) == ["a", "c"])
        #expect(result.failed == ["b"])
        #expect(try database.submissions().map(\.id).sorted() == ["a", "c"])
    }

    @Test func anAnswerAlreadyStoredIsAckedAgainButNotStoredTwice() throws {
        let (database, cleanup) = try Self.database()
        defer { cleanup() }
        #expect(database.write([.submission(Self.record("a", "S001"))], at: Date()).committed.map(\.id) == ["a"])
        // The same answer again (another node stored it first), beside a new one.
        let again = database.write([.submission(Self.record("a", "S001")), .submission(Self.record("b", "S002"))], at: Date())
        #expect(again.committed.map(\.id) == ["a", "b"] && again.failed.isEmpty)
        // The same id with other answers is refused and names why.
        let other = database.write([.submission(Self.record("a", "S001", answers: #"{"q":1}"#)), .submission(Self.record("x", "S001"))], at: Date())
        #expect(other.failed.sorted() == ["a", "x"], "x is a second answer of S001 to the same survey")
        #expect(try database.submissions().count == 2)
    }
}
