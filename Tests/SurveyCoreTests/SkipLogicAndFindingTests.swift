import Foundation
import SurveyCore
import SurveyFiles
import SurveyReports
import SurveySamples
import Testing

@Suite struct SkipLogicAndFindingTests {
    let survey = Survey(
        id: "s", title: "T",
        questions: [
            Question(id: "visited", type: .yesno, title: "去过吗", required: true),
            Question(
                id: "wait", type: .rating, title: "等候", required: true,
                showIf: ShowRule(question: "visited", when: .equals(true))),
            Question(
                id: "why", type: .text, title: "为什么慢", required: true,
                showIf: ShowRule(question: "wait", when: .atMost(2))),
        ])

    @Test func hiddenRequiredQuestionsNeedNoAnswer() {
        #expect(AnswerValidator.problem(in: ["visited": .bool(false)], for: survey) == nil)
        #expect(AnswerValidator.problem(in: ["visited": .bool(true)], for: survey)?.question == "wait")
        #expect(AnswerValidator.problem(in: ["visited": .bool(true), "wait": .number(4)], for: survey) == nil)
        #expect(AnswerValidator.problem(in: ["visited": .bool(true), "wait": .number(1)], for: survey)?.question == "why")
    }

    @Test func aHiddenChainStaysHidden() throws {
        let why = try #require(survey.question("why"))
        // `wait` is hidden, so its stale answer cannot show `why`.
        #expect(!survey.isShown(why, answers: ["visited": .bool(false), "wait": .number(1)]))
    }

    @Test func answersToHiddenQuestionsAreRefused() {
        let problem = AnswerValidator.problem(in: ["visited": .bool(false), "wait": .number(3)], for: survey)
        #expect(problem?.code == .invalidAnswer)
        #expect(problem?.question == "wait")
    }

    @Test func conditionsMatchTheirAnswerTypes() {
        #expect(AnswerCondition.equals(false).matches(.bool(false)))
        #expect(!AnswerCondition.equals(false).matches(nil))
        #expect(AnswerCondition.anyOf(["a"]).matches(.text("a")))
        #expect(AnswerCondition.anyOf(["a"]).matches(.choices(["b", "a"])))
        #expect(!AnswerCondition.anyOf(["a"]).matches(.choices([])))
        #expect(AnswerCondition.atMost(2).matches(.number(2)))
        #expect(!AnswerCondition.atLeast(3).matches(.number(2)))
        #expect(!AnswerCondition.atLeast(3).matches(.text("5")))
    }
}

/// 不了解/不适用: an answer that counts nowhere.
@Suite struct UnknownAnswerTests {
    static let survey = Survey(
        id: "u", title: "U",
        questions: [
            {
                var question = Question(
                    id: "fair", type: .rating, title: "公平", required: true, items: ["R07"],
                    findings: [FindingRule(when: .atMost(2), problem: "不公平")])
                question.unknown = "不了解"
                question.labels = ["很不公平", "很公平"]
                return question
            }()
        ])

    func record(_ id: String, _ answer: AnswerValue) -> SubmissionRecord {
        SubmissionRecord(id: id, supervisorID: id, survey: "u", version: 1, answersJSON: CanonicalJSON.string(["fair": answer]), receivedAt: Date())
    }

    @Test func itAnswersARequiredQuestionButIsLeftOutOfSharesAndMeans() {
        #expect(AnswerValidator.problem(in: ["fair": .text("unknown")], for: Self.survey) == nil)
        #expect(AnswerValidator.problem(in: ["fair": .text("maybe")], for: Self.survey)?.code == .invalidAnswer)
        var tally = FindingTally()
        var statistics = SurveyTally()
        for (id, answer) in [("a", AnswerValue.number(1)), ("b", .number(5)), ("c", .text("unknown")), ("d", .text("unknown"))] {
            tally.add(record(id, answer), survey: Self.survey)
            statistics.add(record(id, answer), answers: ["fair": answer], survey: Self.survey, category: .privateEnterprise)
        }
        let summary = tally.summaries.first
        #expect(summary?.asked == 2 && summary?.raisedBy == 1, "those who do not know are not asked")
        #expect(tally.itemAsked["R07"]?.count == 2)
        let fair = statistics.statistics(for: Self.survey).first
        #expect(fair?.mean == 3 && fair?.counts["unknown"] == 2)
    }
}

/// A checklist whose options speak to different review items: each option's problem concerns the
/// items its rule names, not every item of the question.
@Suite struct ChecklistItemsTests {
    static let yaml = """
        id: s
        title: T
        questions:
          - id: needs
            type: multiple
            title: 遇到过哪些困难？
            items: [R05, R12, R18]
            options:
              - {id: start, label: 企业开办}
              - {id: ip, label: 知识产权}
              - {id: none, label: 都没有}
            finding:
              - any_of: [start]
                problem: 企业开办不便
                items: [R12]
              - any_of: [ip]
                problem: 知识产权保护不够
                items: [R18, R05]
        """

    @Test func eachOptionsProblemCountsOnlyAgainstItsOwnItems() throws {
        let survey = try SurveyLoader.load(yaml: Array(Self.yaml.utf8), file: "t.yaml").survey
        var tally = FindingTally()
        let answers = CanonicalJSON.string(["needs": AnswerValue.choices(["start"])])
        tally.add(
            SubmissionRecord(
                id: "a", supervisorID: "S1", survey: "s", version: 1, answersJSON: answers,
                receivedAt: Date(), storedAt: Date()), survey: survey)
        #expect(tally.itemShare("R12") == 1)
        #expect(tally.itemShare("R05") == 0 && tally.itemShare("R18") == 0, "the 企业开办 problem is not an R05 or R18 problem")
        let rows = Register.build(tally: tally, stored: [], reviewItems: [], threshold: FindingThreshold(minCount: 1, minShare: 0))
        #expect(rows.map(\.items) == [["R12"]])
        #expect(survey.questions[0].findings?[1].items == ["R18", "R05"])
    }

    @Test func aRulesItemsMustBeTheQuestions() {
        let bad = Self.yaml.replacingOccurrences(of: "items: [R12]", with: "items: [R12, R09]")
        do {
            _ = try SurveyLoader.load(yaml: Array(bad.utf8), file: "t.yaml")
            Issue.record("a rule naming an item the question does not have was accepted")
        } catch {
            #expect(error.description.contains("R09"))
        }
    }
}

/// The projector's strip counts per item only those who were asked.
@Suite struct ItemTallyTests {
    @Test func aQuestionForOtherCategoriesIsNotCountedAsAsked() throws {
        let survey = try SurveyLoader.load(
            yaml: Array(
                """
                id: s
                title: T
                questions:
                  - id: financing
                    type: yesno
                    title: 融资难吗
                    items: [R09]
                    show_if: {category: [民营企业]}
                    finding: {equals: true, problem: 融资难}
                  - id: window
                    type: yesno
                    title: 窗口好吗
                    items: [R10]
                    finding: {equals: false, problem: 窗口差}
                """.utf8), file: "t.yaml"
        ).survey
        var items = ItemTally()
        items.add(person: "S1", answers: ["window": .bool(false)], survey: survey, category: "基层社区")
        items.add(person: "S2", answers: ["financing": .bool(true), "window": .bool(true)], survey: survey, category: "民营企业")
        #expect(items.asked["R09"] == ["S2"] && items.share("R09") == 1)
        #expect(items.asked["R10"] == ["S1", "S2"] && items.share("R10") == 0.5)
    }
}

/// One pass over the questions must show exactly what `isShown` shows, question by question.
@Suite struct VisibilityTests {
    @Test func onePassAgreesWithIsShownOnTheShippedSurveysAndRandomAnswers() throws {
        var random = SplitMix64(seed: 7)
        for name in ["annual-2022.yaml", "haocaiping-followup.yaml"] {
            let survey = try ShippedSurveysTests.survey(name).survey
            for round in 0..<400 {
                var answers = SampleDataset.answers(to: survey, random: &random, category: round % 2 == 0 ? "民营企业" : "基层社区")
                // Some stale answers to hidden questions, as a client might send.
                if round % 3 == 0, let question = survey.questions.randomElement() { answers[question.id] = .bool(true) }
                for category in [nil, "民营企业", "基层社区"] as [String?] {
                    let fast = survey.visibility(answers: answers, category: category)
                    let slow = survey.questions.map { survey.isShown($0, answers: answers, category: category) }
                    #expect(fast == slow, "\(name) round \(round)")
                    if fast != slow { return }
                }
            }
        }
    }
}

/// An item that only an indicator, a free-text or a routing question names was not asked about:
/// the report says the questionnaire did not cover it, not that supervisors raised nothing.
@Suite struct ItemCoverageTests {
    @Test func anItemOnlyAnIndicatorNamesIsNotCovered() {
        var overall = Question(id: "overall", type: .rating, title: "总体满意度", required: true, items: ["R01"])
        overall.indicator = true
        let survey = Survey(
            id: "s", title: "T",
            questions: [
                overall, Question(id: "ideas", type: .text, title: "建议", items: ["R03"]),
                Question(
                    id: "wait", type: .rating, title: "等候", required: true, items: ["R10"],
                    findings: [FindingRule(when: .atMost(2), problem: "排队时间长")]),
            ])
        var tally = FindingTally()
        let at = Date(timeIntervalSince1970: 1_700_000_000)
        for (index, score) in [1.0, 5, 4].enumerated() {
            let record = SubmissionRecord(
                id: "r\(index)", supervisorID: "S\(index)", survey: "s", version: 1, answersJSON: "{}", receivedAt: at, storedAt: at)
            tally.add(record, answers: ["overall": .number(score), "ideas": .text("多宣传"), "wait": .number(score)], survey: survey)
        }
        #expect(tally.itemAsked["R01"] == nil && tally.itemAsked["R03"] == nil && tally.itemAsked["R10"]?.count == 3)
        let items = ["R01", "R03", "R10"].map { ReviewItem(id: $0, title: $0, checks: "", leadUnit: "区政务服务办") }
        let data = ReportData.make(tally: tally, rows: [], reviewItems: items, respondents: 3, rosterSize: 3, at: at)
        #expect(data.conclusion(data.sections[0], at: at) == "本次问卷未涉及此项，需通过其他方式自查。")
        #expect(data.conclusion(data.sections[1], at: at) == "本次问卷未涉及此项，需通过其他方式自查。")
        #expect(data.conclusion(data.sections[2], at: at).hasPrefix("3名监督员就此项作答"))
    }
}
