import Foundation
import SurveyCore
import SurveyFiles
import SurveyStore
import Testing

/// The writer records a launch's `pushed` events as one statement, and still records the good
/// ones row by row when that statement fails.
struct DeliveryWriteTests {
    @Test func aRunOfPushesIsRecordedAndABadIdDoesNotLoseTheOthers() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("survey-deliveries-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try SurveyDatabase(path: folder.appendingPathComponent("survey.sqlite").path)
        let now = Date()
        let csv = "编号,姓名,类别\n" + (1...5).map { "S00\($0),演示\($0),民营企业\n" }.joined()
        let rows = try RosterCSV.parse(Array(csv.utf8)).get()
        _ = try database.importRoster(rows, actor: "test", at: now)
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Surveys/haocaiping-followup.yaml")
        let survey = try SurveyLoader.load(yaml: Array(try Data(contentsOf: file)), file: "followup").survey
        _ = try database.launch(survey, actor: "test", at: now)

        func pushed(_ ids: [String]) -> [WriteItem] {
            ids.map { .delivery(DeliveryEvent(supervisorID: $0, survey: survey.id, version: 1, kind: .pushed, at: now)) }
        }
        _ = database.write(pushed(["S001", "S002", "S003"]), at: now)
        #expect(try database.status(survey: survey.id)?.total.pushed == 3)
        // "S999" is on no roster: its run fails as one statement, then goes in row by row.
        _ = database.write(pushed(["S004", "S999", "S005"]), at: now.addingTimeInterval(1))
        #expect(try database.status(survey: survey.id)?.total.pushed == 5)
    }
}
