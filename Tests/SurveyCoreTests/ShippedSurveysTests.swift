import Foundation
import SurveyCore
import Testing

/// The files the office ships in `Surveys/`.
@Suite struct ShippedSurveysTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Surveys")

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func reviewItems() throws -> [ReviewItem] {
        try ReviewItemsLoader.load(yaml: bytes("review-items.yaml"), file: "review-items.yaml")
    }

    static func survey(_ name: String) throws -> (survey: Survey, warnings: [SurveyFileIssue]) {
        try SurveyLoader.load(yaml: bytes(name), file: name, reviewItems: Set(reviewItems().map(\.id)))
    }

    @Test func thereAreNineteenReviewItemsIncludingTheFourTheReportNames() throws {
        let items = try Self.reviewItems()
        #expect(items.count == 19)
        #expect(Set(items.map(\.id)).count == 19)
        let titles = items.map(\.title)
        for named in ["组织领导", "制定实施政策措施", "建立协调机制", "协调解决相关重大问题情况"] {
            #expect(titles.contains(named))
        }
        #expect(items.allSatisfy { !$0.leadUnit.isEmpty && !$0.checks.isEmpty })
    }

    @Test func everyShippedSurveyValidatesWithoutWarnings() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".yaml") && $0 != "review-items.yaml" && $0 != HolidayCalendarLoader.fileName }
        #expect(files.count >= 2)
        for file in files {
            let loaded = try Self.survey(file)
            #expect(loaded.warnings.isEmpty, "\(file): \(loaded.warnings)")
        }
    }

    @Test func theAnnualQuestionnaireCoversAllNineteenItems() throws {
        let survey = try Self.survey("annual-2022.yaml").survey
        let covered = Set(survey.questions.flatMap { $0.items ?? [] })
        #expect(covered == Set(try Self.reviewItems().map(\.id)))
    }

    @Test func theAnnualQuestionnaireUsesTheWholeFormat() throws {
        let survey = try Self.survey("annual-2022.yaml").survey
        #expect(survey.questions.count >= 25)
        #expect(Set(survey.questions.map(\.type)) == Set(QuestionType.allCases))
        #expect(survey.questions.contains { $0.required } && survey.questions.contains { !$0.required })
        #expect(survey.questions.contains { $0.showIf != nil })
        // Every question that can raise a finding says so, with the problem's wording.
        let rules = survey.questions.flatMap { $0.findings ?? [] }
        #expect(rules.count >= 25)
        #expect(rules.allSatisfy { !$0.problem.isEmpty })
    }

    @Test func answeringNoToTheCentreQuestionSkipsTheCentreQuestions() throws {
        let survey = try Self.survey("annual-2022.yaml").survey
        let centre = ["center_trips", "center_service", "one_window"]
        let skipped: [String: AnswerValue] = ["visited_center": .bool(false)]
        let visited: [String: AnswerValue] = ["visited_center": .bool(true)]
        for id in centre {
            let question = try #require(survey.question(id))
            #expect(!survey.isShown(question, answers: skipped))
            #expect(survey.isShown(question, answers: visited))
        }
    }
}
