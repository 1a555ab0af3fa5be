import Foundation
import SurveyCore
import SurveyFiles
import SurveySamples
import Testing

@testable import SurveyReports

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
            .filter { $0.hasSuffix(".yaml") && $0 != "review-items.yaml" && $0 != HolidayCalendarLoader.fileName && $0 != OfficeProfileLoader.fileName }
        #expect(files.count >= 2)
        for file in files {
            let loaded = try Self.survey(file)
            #expect(loaded.warnings.isEmpty, "\(file): \(loaded.warnings)")
        }
    }

    /// The office file: the seed's four items established, the rest and every lead unit 待核定, and
    /// every lead unit among its units.
    @Test func theOfficeFileMarksWhatTheSeedDoesNotSay() throws {
        let items = try Self.reviewItems()
        let office = try OfficeProfileLoader.load(yaml: Self.bytes("office.yaml"), file: "office.yaml", reviewItems: items)
        #expect(office.district == "东丽区" && office.recipient.contains("人大") && office.period == "2022年度")
        let marked = office.apply(to: items)
        #expect(marked.filter { !$0.pending }.map(\.id) == ["R01", "R02", "R03", "R04"])
        #expect(marked.allSatisfy { $0.leadUnitPending })
        #expect(office.categories.contains("人大代表政协委员") && office.categories.contains(.privateEnterprise))
    }

    @Test func aBadOfficeFileIsReportedWithLineAndColumn() throws {
        let yaml = "district: 东丽区\noffice: 政务服务办\nrecipient: 联席会议办公室\nunits: [区财政局]\nreview_items:\n  R99: seed\n  R01: maybe\n"
        let items = try Self.reviewItems()
        do {
            _ = try OfficeProfileLoader.load(yaml: Array(yaml.utf8), file: "office.yaml", reviewItems: items)
            Issue.record("a bad office file was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("office.yaml:1:1: 错误：缺少必填的键 categories"), "a missing category list")
            #expect(text.contains("office.yaml:6:3: 错误：“R99”不是自查项文件中的自查项"), "a malformed item")
            #expect(text.contains("office.yaml:7:8: 错误：R01 的来源应为"))
            #expect(text.contains("office.yaml:4:8: 错误：自查项 R02 的牵头单位“区发展改革委”不在 units 中"), "an unknown unit")
        }
    }

    /// The office file's channels: the shipped file names the defaults; a bad entry is named by line.
    @Test func theOfficeFileNamesItsChannels() throws {
        let shipped = try OfficeProfileLoader.load(yaml: Self.bytes("office.yaml"), file: "office.yaml")
        #expect(shipped.channels == IntakeChannel.defaults && shipped.reminders == ReminderPolicy(before: 3, superviseAfter: 5))
        let yaml =
            "district: 东丽区\noffice: 政务服务办\nrecipient: 人大\ncategories: [民营企业]\nchannels:\n  - 自查发现\n  - {name: 12345热线, lead: sometimes}\n  - \"\"\n  - 自查发现\nreminders: {before: 99}\n"
        do {
            _ = try OfficeProfileLoader.load(yaml: Array(yaml.utf8), file: "office.yaml")
            Issue.record("a bad channel list was accepted")
        } catch {
            let text = error.description
            #expect(text.contains("office.yaml:7:"), "\(text)")
            #expect(text.contains("office.yaml:8:5: 错误：channels 的每一项应为不超过 16 个字的渠道名称"), "\(text)")
            #expect(text.contains("office.yaml:9:5: 错误：channels 中“自查发现”重复"), "\(text)")
            #expect(text.contains("office.yaml:10:21: 错误：reminders 的 before 应为 0 到 30 的整数（工作日）"), "\(text)")
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

/// Who a share in the report counts, on the shipped questionnaire.
@Suite struct ReportDenominatorTests {
    /// 企业知晓率 counts the enterprise supervisors (民营企业, 商协会) only, and the report names them.
    @Test func theKnowledgeShareCountsEnterpriseSupervisorsOnly() throws {
        let tally = RegisterTests.tally()
        let key = try #require(tally.asked.keys.first { $0.problem.contains("企业知晓率") })
        let enterprise = Set(RegisterTests.dataset.supervisors.filter { ["民营企业", "商协会"].contains($0.category.rawValue) }.map(\.id))
        let asked = try #require(tally.asked[key])
        #expect(asked.isSubset(of: enterprise) && !asked.isEmpty, "\(asked.count) asked of \(enterprise.count)")
        let markdown = ReportRenderer.markdown(ReportGoldenTests.data(), at: ReportGoldenTests.now)
        #expect(markdown.contains("企业知晓率不高（民营企业、商协会监督员\(asked.count)人中"), "the report says which group")
    }

    /// "尚未收到回复" is the 件件有回音 failure: it counts, and raises a problem of its own.
    @Test func noReplyToAComplaintIsAProblemNotAnUnknown() throws {
        let survey = RegisterTests.annual
        let question = try #require(survey.question("complaint_result"))
        let noReply = try #require(question.options?.first { $0.label.contains("尚未收到回复") })
        #expect(question.unknown == nil, "尚未收到回复 is not 不了解")
        let record = SubmissionRecord(
            id: "s1", supervisorID: "S1", survey: survey.id, version: 1,
            answersJSON: CanonicalJSON.string(["complained": AnswerValue.bool(true), "complaint_result": .text(noReply.id)]),
            receivedAt: Date(), storedAt: Date())
        var tally = FindingTally()
        tally.add(record, survey: survey, category: "民营企业")
        let raised = tally.raised.filter { $0.value.contains("S1") }.map(\.key.problem)
        #expect(raised.contains { $0.contains("尚未收到回复") }, "\(raised)")
    }
}
