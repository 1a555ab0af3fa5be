import Foundation
import SurveyCore
import SurveyFiles
import SurveySamples
import Testing

@Suite struct SurveyLoaderTests {
    func load(_ yaml: String) throws(SurveyFileErrors) -> Survey {
        try SurveyLoader.load(yaml: Array(yaml.utf8), file: "t.yaml").survey
    }

    func issues(_ yaml: String) -> [SurveyFileIssue] {
        do {
            _ = try load(yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func aMinimalSurveyLoads() throws {
        let survey = try load(
            """
            id: s1
            title: 标题
            questions:
              - id: q1
                type: rating
                title: 满意吗
                required: true
                labels: [很不满意, 很满意]
            """)
        #expect(survey.questions.first?.bounds == 1...5)
        #expect(survey.questions.first?.required == true)
    }

    @Test func errorsCarryLineAndColumnAndSayWhatIsWrong() {
        let found = issues(
            """
            id: s1
            title: 标题
            questions:
              - id: q1
                type: slider
                title: 题
              - id: q1
                type: single
                title: 题
                options: []
              - id: q3
                type: text
                titel: 拼错
            """)
        #expect(found.contains { $0.line == 5 && $0.message.contains("slider") })
        #expect(found.contains { $0.line == 7 && $0.message.contains("重复") })
        #expect(found.contains { $0.line == 10 && $0.message.contains("不能为空") })
        #expect(found.contains { $0.line == 13 && $0.message.contains("titel") })
        #expect(found.allSatisfy { $0.description.hasPrefix("t.yaml:") })
    }

    @Test(arguments: ["", "   \n", "[1, 2", "- just\n- a list\n", "id: [unclosed", "\u{0}\u{1}\u{2}"])
    func garbageGivesAnErrorNotACrash(text: String) {
        #expect(!issues(text).isEmpty)
    }

    /// The YAML mistakes staff make editing a survey by hand are explained in Chinese, at the place
    /// to look: an unclosed quote or bracket is named where it opened, not where the file ended.
    @Test(arguments: [
        ("id: x\ntitle: \"abc\nquestions:\n  - id: a\n    type: yesno\n", 2, "引号"),
        ("id: x\ntitle: y\nquestions:\n\t- id: a\n", 4, "制表符"),
        ("id: x\ntitle: y\nquestions:\n  - id: a\n     type: yesno\n", 5, "缩进"),
        ("id: x\ntitle: y\nquestions:\n  - id: a\n   type: yesno\n", 5, "对齐"),
        ("id: x\ntitle: 说明: 冒号\n", 2, "加引号"),
        ("id: x\ntitle: \"a\\q\"\n", 2, "反斜杠"),
        ("id: x\ntitle: [a, b\nq: 1\n", 2, "方括号"),
        ("id: x\ntitle: {a: 1\n", 2, "花括号"),
    ])
    func handEditingMistakesAreExplainedInChinese(yaml: String, line: Int, hint: String) {
        let found = issues(yaml)
        #expect(found.count == 1)
        #expect(found.first?.line == line, "\(found)")
        #expect(found.first?.message.contains(hint) == true, "\(found)")
        #expect(found.first.map { !$0.message.contains("found") && !$0.message.contains("expected") && !$0.message.contains("allowed") } == true, "\(found)")
    }

    /// Notepad on Windows saves UTF-8 with a byte-order mark; such a file loads like any other.
    @Test func aByteOrderMarkIsIgnored() throws {
        let survey = try SurveyLoader.load(
            yaml: [0xEF, 0xBB, 0xBF] + Array("id: s1\ntitle: 标题\nquestions:\n  - {id: q, type: yesno, title: 是否}\n".utf8), file: "bom.yaml")
        #expect(survey.survey.id == "s1")
    }

    /// A repeated question id is one error where it repeats; notes about the question point at
    /// its first appearance, once.
    @Test func aRepeatedIDIsOneErrorAndItsNotesAreNotDoubled() {
        let found = issues("id: s\ntitle: T\nquestions:\n  - {id: a, type: yesno, title: 一}\n  - {id: a, type: yesno, title: 二}\n")
        #expect(found.filter { $0.severity == .error }.map(\.line) == [5], "\(found)")
        let notes = found.filter { $0.severity == .warning && $0.message.contains("finding") }
        #expect(notes.count == 1 && notes.first?.line == 4, "\(found)")
    }

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let deep = "id: " + String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(issues(deep).first?.message.contains("YAML") == true)
    }

    @Test func invalidUTF8AndHugeFilesAreRefused() {
        #expect(throws: SurveyFileErrors.self) { try SurveyLoader.load(yaml: [0x69, 0x64, 0x3a, 0xff, 0xfe], file: "b.yaml") }
        #expect(throws: SurveyFileErrors.self) {
            try SurveyLoader.load(yaml: [UInt8](repeating: 0x20, count: SurveyLoader.maxFileBytes + 1), file: "big.yaml")
        }
    }

    @Test func contentHashIgnoresLayoutButNotContent() throws {
        let a = try load("id: s\ntitle: T\nquestions:\n  - {id: q, type: yesno, title: Q}\n")
        let b = try load("# comment\nid: s\ntitle: T\nquestions:\n  - id: q\n    type: yesno\n    title: Q\n")
        let c = try load("id: s\ntitle: T2\nquestions:\n  - {id: q, type: yesno, title: Q}\n")
        #expect(PublishedSurvey.contentHash(of: a) == PublishedSurvey.contentHash(of: b))
        #expect(PublishedSurvey.contentHash(of: a) != PublishedSurvey.contentHash(of: c))
    }
}

/// Every validation error of the survey format, with its line.
@Suite struct SurveyValidationErrorTests {
    func issues(_ yaml: String, items: Set<String> = ["R01", "R02"]) -> [SurveyFileIssue] {
        do {
            _ = try SurveyLoader.load(yaml: Array(yaml.utf8), file: "v.yaml", reviewItems: items)
            return []
        } catch {
            return error.issues
        }
    }

    func expectIssue(_ yaml: String, line: Int, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let found = issues(yaml)
        #expect(
            found.contains { $0.line == line && $0.severity == .error && $0.message.contains(text) },
            "expected line \(line) “\(text)” in \(found)", sourceLocation: sourceLocation)
    }

    let head = "id: s\ntitle: T\nquestions:\n"

    /// A rating must name its ends; other types may not carry labels.
    @Test func aRatingWithoutEndLabelsIsRefused() {
        expectIssue(head + "  - id: q\n    type: rating\n    title: Q\n", line: 4, containing: "须用 labels 写明两端的含义")
        expectIssue(head + "  - id: q\n    type: rating\n    title: Q\n    labels: [只有一端]\n", line: 7, containing: "labels 应为两端的说明")
        expectIssue(head + "  - id: q\n    type: yesno\n    title: Q\n    labels: [否, 是]\n", line: 7, containing: "只有 rating 类型")
    }

    /// Sections split the page; once there is one, the first question must begin one.
    @Test func sectionsGroupQuestionsAndTheFirstMustBeginOne() throws {
        let survey = try SurveyLoader.load(
            yaml: Array(
                (head + "  - id: a\n    type: yesno\n    title: A\n    section: 总体评价\n"
                    + "  - id: b\n    type: yesno\n    title: B\n  - id: c\n    type: yesno\n    title: C\n    section: 政务服务\n").utf8), file: "t.yaml"
        ).survey
        #expect(survey.sections.map(\.title) == ["总体评价", "政务服务"])
        #expect(survey.sections.map { $0.questions.map(\.id) } == [["a", "b"], ["c"]])
        expectIssue(
            head + "  - id: a\n    type: yesno\n    title: A\n  - id: b\n    type: yesno\n    title: B\n    section: 政务服务\n",
            line: 4, containing: "第一题须写 section")
        expectIssue(
            head + "  - id: a\n    type: yesno\n    title: A\n    section: \(String(repeating: "长", count: 21))\n",
            line: 7, containing: "不超过 20 个字")
        let shipped = try ShippedSurveysTests.survey("annual-2022.yaml").survey
        #expect(shipped.sections.count == 6 && shipped.sections.allSatisfy { $0.title != nil })
    }

    /// What an outside tester tripped over in `survey check`: one clear message each.
    @Test func faultySectionsItemsAndCategoriesGetOneClearMessage() {
        let tooLong = issues(head + "  - id: a\n    type: yesno\n    title: A\n    section: \(String(repeating: "长", count: 21))\n").filter {
            $0.severity == .error
        }
        #expect(tooLong.count == 1 && tooLong[0].message.contains("不超过 20 个字"), "\(tooLong)")
        let empty = issues(head + "  - id: a\n    type: yesno\n    title: A\n    section: \"\"\n").filter { $0.severity == .error }
        #expect(empty.count == 1 && empty[0].message.contains("非空"), "\(empty)")
        expectIssue(
            head + "  - id: a\n    type: yesno\n    title: A\n    section: 政务服务\n  - id: b\n    type: yesno\n    title: B\n    section: 政务服务\n",
            line: 8, containing: "部分标题“政务服务”重复")
        expectIssue(
            head + "  - id: a\n    type: yesno\n    title: A\n    items: [R01]\n    finding:\n      equals: true\n      problem: P\n      items: []\n",
            line: 11, containing: "items 不能为空")
        let survey = head + "  - id: a\n    type: yesno\n    title: A\n    show_if: {category: [民企]}\n"
        do {
            _ = try SurveyLoader.load(yaml: Array(survey.utf8), file: "t.yaml", categories: ["民营企业", "基层社区"])
            Issue.record("a misspelt category was accepted")
        } catch {
            #expect(error.description.contains("监督员类别“民企”不在办公室文件的类别中"))
        }
    }

    /// `survey check` tells the reading time; the shipped annual survey stays within 8 minutes.
    @Test func readingTimeIsEstimatedForTheShortestAndFullPaths() throws {
        let annual = try ShippedSurveysTests.survey("annual-2022.yaml").survey
        let time = ReadingTime(annual)
        #expect(time.shortest.questions < time.longest.questions && time.shortest.seconds < time.longest.seconds)
        #expect(time.longest.seconds <= 8 * 60, "\(time.summary)")
        #expect(time.summary.hasPrefix("预计作答约 "))
        #expect(time.shortest.questions <= time.typical.questions && time.typical.questions <= time.longest.questions)
        #expect(time.typical.seconds <= 8 * 60, "the typical path is at most 8 minutes: \(time.summary)")
        // Every real path of the 好差评 follow-up shows three questions (rated, then why not or the
        // satisfaction, and the comment); counting only unconditional questions said two.
        let followUp = ReadingTime(try ShippedSurveysTests.survey("haocaiping-followup.yaml").survey)
        #expect(followUp.shortest.questions == 3, "\(followUp.summary)")
        #expect(followUp.summary.contains("一般 "), "\(followUp.summary)")
    }

    @Test func unknownReviewItem() {
        expectIssue(head + "  - id: q\n    type: yesno\n    title: Q\n    items: [R01, R99]\n", line: 7, containing: "R99")
    }

    @Test func findingOnAnOptionThatDoesNotExist() {
        expectIssue(
            head + """
                  - id: q
                    type: single
                    title: Q
                    options:
                      - {id: a, label: A}
                    finding:
                      any_of: [b]
                      problem: P
                """, line: 10, containing: "没有选项“b”")
    }

    @Test func findingConditionOfTheWrongKind() {
        expectIssue(head + "  - id: q\n    type: yesno\n    title: Q\n    finding:\n      at_most: 2\n      problem: P\n", line: 8, containing: "at_most")
    }

    @Test func findingWithoutProblemWording() {
        expectIssue(head + "  - id: q\n    type: yesno\n    title: Q\n    finding:\n      equals: false\n", line: 8, containing: "problem")
    }

    @Test func skipRuleToALaterQuestion() {
        expectIssue(
            head + """
                  - id: a
                    type: yesno
                    title: A
                    show_if: {question: b, equals: true}
                  - id: b
                    type: yesno
                    title: B
                """, line: 7, containing: "之后")
    }

    @Test func skipRuleToItselfIsACycle() {
        expectIssue(head + "  - id: a\n    type: yesno\n    title: A\n    show_if: {question: a, equals: true}\n", line: 7, containing: "循环")
    }

    @Test func skipRuleToAnUnknownQuestion() {
        expectIssue(head + "  - id: a\n    type: yesno\n    title: A\n    show_if: {question: ghost, equals: true}\n", line: 7, containing: "ghost")
    }

    @Test func skipRuleWithTwoConditions() {
        expectIssue(
            head + """
                  - id: a
                    type: rating
                    title: A
                    labels: [低, 高]
                  - id: b
                    type: yesno
                    title: B
                    show_if: {question: a, at_most: 2, at_least: 1}
                """, line: 11, containing: "只能有一个条件")
    }

    @Test func wrongValueTypes() {
        expectIssue(head + "  - id: a\n    type: yesno\n    title: A\n    required: maybe\n", line: 7, containing: "true 或 false")
        expectIssue(head + "  - id: a\n    type: number\n    title: A\n    min: low\n", line: 7, containing: "应为数字")
        expectIssue("id: s\ntitle: T\nquestions: nope\n", line: 3, containing: "应为列表")
    }

    @Test func optionsOnANonChoiceQuestion() {
        expectIssue(head + "  - id: a\n    type: text\n    title: A\n    options: [{id: x, label: X}]\n", line: 7, containing: "不能有 options")
    }

    @Test func missingKeys() {
        expectIssue(head + "  - id: a\n    type: single\n    title: A\n", line: 4, containing: "缺少必填的键 options")
        expectIssue("title: T\nquestions:\n  - {id: a, type: yesno, title: A}\n", line: 1, containing: "缺少必填的键 id")
    }

    @Test func aQuestionWithoutFindingIsOnlyAWarning() throws {
        let loaded = try SurveyLoader.load(
            yaml: Array((head + "  - id: a\n    type: yesno\n    title: A\n    items: [R01]\n").utf8), file: "w.yaml", reviewItems: ["R01"])
        #expect(loaded.warnings.contains { $0.severity == .warning && $0.message.contains("finding") })
    }
}
