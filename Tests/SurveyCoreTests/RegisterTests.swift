import Foundation
import SurveyCore
import SurveyFiles
import SurveySamples
import Testing

/// The sample dataset at the seed's scale, and the register built from it.
@Suite struct RegisterTests {
    static let items = try! ShippedSurveysTests.reviewItems()
    static let annual = try! ShippedSurveysTests.survey("annual-2022.yaml").survey
    static let dataset = SampleDataset(survey: annual)

    static func tally() -> FindingTally {
        let categories = Dictionary(uniqueKeysWithValues: dataset.supervisors.map { ($0.id, $0.category.rawValue) })
        return FindingTally.recompute(dataset.submissions, survey: { _, _ in annual }, category: { categories[$0] })
    }

    @Test func theSampleAnswersAreValid() throws {
        #expect(Self.dataset.supervisors.count == 277)
        let categories = Dictionary(uniqueKeysWithValues: Self.dataset.supervisors.map { ($0.id, $0.category.rawValue) })
        for record in Self.dataset.submissions {
            let answers = try JSONDecoder().decode([String: AnswerValue].self, from: Data(record.answersJSON.utf8))
            #expect(
                AnswerValidator.problem(in: answers, for: Self.annual, category: categories[record.supervisorID]) == nil,
                "\(record.supervisorID)")
        }
        // Financing is asked of enterprises only: no community or agency supervisor answered it.
        let financing = Self.dataset.submissions.filter { $0.answersJSON.contains("\"financing\"") }.map(\.supervisorID)
        #expect(!financing.isEmpty && financing.allSatisfy { categories[$0] == SupervisorCategory.privateEnterprise.rawValue })
    }

    @Test func aboutFifteenProblemAreasPassTheThreshold() {
        let rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        let concentrated = rows.filter { $0.kind == .concentrated }
        #expect((10...18).contains(concentrated.count), "\(concentrated.count) concentrated rows")
        #expect(rows.map(\.number) == Array(1...rows.count))
        #expect(concentrated.allSatisfy { $0.raisedBy >= 3 && $0.share >= 0.05 && $0.status == .identified })
    }

    @Test func incrementalEqualsRecomputeInAnyOrder() {
        let full = Self.tally()
        var random = SplitMix64(seed: 7)
        for _ in 0..<5 {
            var records = Self.dataset.submissions
            for index in records.indices.reversed() { records.swapAt(index, random.below(index + 1)) }
            let categories = Dictionary(uniqueKeysWithValues: Self.dataset.supervisors.map { ($0.id, $0.category.rawValue) })
            var incremental = FindingTally()
            for record in records { incremental.add(record, survey: Self.annual, category: categories[record.supervisorID]) }
            // A repeat of an already-counted submission changes nothing.
            incremental.add(records[0], survey: Self.annual, category: categories[records[0].supervisorID])
            #expect(incremental == full)
        }
    }

    /// The cheap check the server asks after commits agrees with `build`: it says "new" exactly when
    /// `build` would add a row, as answers come in one by one onto a register already partly stored;
    /// and `fresh`, from the stored numbers alone, gives exactly the rows `build` adds.
    @Test func hasNewAgreesWithBuild() {
        let categories = Dictionary(uniqueKeysWithValues: Self.dataset.supervisors.map { ($0.id, $0.category.rawValue) })
        var tally = FindingTally()
        var stored: [RectificationRow] = []
        var answersSinceStoring = 0
        var sawNew = 0
        for record in Self.dataset.submissions {
            tally.add(record, survey: Self.annual, category: categories[record.supervisorID])
            let rows = Register.build(tally: tally, stored: stored, reviewItems: Self.items, threshold: .standard)
            let known = Set(stored.map(\.key))
            let adds = rows.contains { !known.contains($0.key) }
            #expect(Register.hasNew(tally: tally, known: known, threshold: .standard) == adds)
            let numbers = Dictionary(uniqueKeysWithValues: stored.map { ($0.key, $0.number) })
            #expect(
                Register.fresh(tally: tally, numbers: numbers, reviewItems: Self.items, threshold: .standard)
                    == rows.filter { !known.contains($0.key) })
            answersSinceStoring += 1
            if adds { sawNew += 1 }
            // Store now and then, as the server does on its beat.
            if adds && answersSinceStoring >= 20 {
                stored = rows
                answersSinceStoring = 0
            }
        }
        #expect(sawNew > 0, "the sample raises problems past the threshold")
    }

    @Test func staffFieldsAndNumbersSurviveASecondSurvey() throws {
        var rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        rows[0] = try RectificationWorkflow.apply(
            .assign(unit: "区政务服务办", measure: "开展专项整治", deadline: "2023-06-30"), reason: nil, to: rows[0], at: now
        ).get().row
        // A second survey adds answers: counts grow, staff fields and numbers stay.
        var tally = Self.tally()
        let later = SampleDataset(survey: Self.annual, seed: 2023)
        for record in later.submissions {
            var renamed = record
            renamed.id = "2023-" + record.id
            tally.add(renamed, survey: Self.annual)
        }
        let again = Register.build(tally: tally, stored: rows, reviewItems: Self.items, threshold: .standard)
        #expect(again[0].unit == "区政务服务办" && again[0].measure == "开展专项整治" && again[0].status == .assigned)
        #expect(again[0].number == rows[0].number && again[0].key == rows[0].key)
        #expect(again[0].raisedBy >= rows[0].raisedBy)
        #expect(Array(again.prefix(rows.count)).map(\.key) == rows.map(\.key))
    }

    /// The supervisors whose sample answer to `question` meets `condition`, counted from the answers.
    static func answering(_ question: String, _ matches: (AnswerValue?) -> Bool) -> [String] {
        dataset.submissions.filter { matches($0.answers?[question]) }.map(\.supervisorID)
    }

    @Test func seriousSingleReportsAreCaseRowsWithWorkingDayDeadlines() throws {
        let calendar = try WorkCalendarTests.shipped()
        let rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard, calendar: calendar)
        let fees = rows.filter { $0.key.problem.contains("乱收费") }
        let feeReporters = Self.answering("fees") { answer in
            if case .choices(let picked) = answer { !Set(picked).isDisjoint(with: ["charges", "fines", "levies", "sponsorship"]) } else { false }
        }
        // Counted from the answers: the sample has a handful of fee reports, each a case of its own.
        #expect((3...20).contains(feeReporters.count), "the sample has some fee reports")
        #expect(fees.count == feeReporters.count && fees.allSatisfy { $0.kind == .caseLead })
        #expect(Set(fees.compactMap(\.supervisorID)) == Set(feeReporters))
        let unanswered = rows.filter { $0.key.problem.contains("未得到协调解决或没有答复") }
        let majorReporters = Self.answering("major_issue_result") { $0 == .text("unsolved") || $0 == .text("no_reply") }
        #expect(unanswered.count == majorReporters.count && unanswered.count >= 1)
        for row in fees + unanswered {
            let raised = try #require(row.raisedOn)
            #expect(row.deadline == calendar.adding(workingDays: FindingRule.defaultWorkingDays, to: raised))
            #expect(row.items.first == row.key.item && row.raisedBy == 1)
        }
        // Numbers stay unique and case rows follow the concentrated ones.
        #expect(Set(rows.map(\.number)).count == rows.count)
    }

    @Test func overallSatisfactionIsAStatisticNotARow() {
        let rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        #expect(!rows.contains { $0.key.problem.contains("满意度") })
        #expect(Self.annual.question("overall")?.indicator == true)
        // 满意率 and means per supervisor category, adding up to the whole.
        let overall = try! #require(Self.tally().indicators.values.first)
        #expect(Set(overall.byCategory.keys) == Set(SupervisorCategory.standard.map(\.rawValue)))
        #expect(overall.byCategory.values.map(\.answered).reduce(0, +) == overall.answered)
        #expect(overall.byCategory.values.map(\.satisfied).reduce(0, +) == overall.satisfied)
    }

    @Test func aRowNamesEveryItemOfItsQuestionWithTheRulesLeadFirst() {
        let rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        let equal = rows.first { $0.key.problem.contains("平等对待") }
        #expect(equal?.key.item == "R05" && equal?.items == ["R05", "R07"])
    }

    @Test func aRuleMayCarryItsOwnThreshold() throws {
        let survey = try SurveyLoader.load(
            yaml: Array(
                """
                id: t
                title: 测试
                questions:
                  - id: q
                    type: yesno
                    title: 是否遇到问题？
                    items: [R01]
                    finding:
                      equals: true
                      problem: 少数人反映的问题
                      min_count: 1
                      min_share: 0
                """.utf8), file: "t.yaml"
        ).survey
        var tally = FindingTally()
        tally.add(
            SubmissionRecord(
                id: "a", supervisorID: "S001", survey: "t", version: 1, answersJSON: #"{"q":true}"#,
                receivedAt: Date()), survey: survey)
        for index in 2...100 {
            tally.add(
                SubmissionRecord(
                    id: "b\(index)", supervisorID: "S\(index)", survey: "t", version: 1, answersJSON: #"{"q":false}"#,
                    receivedAt: Date()), survey: survey)
        }
        let rows = Register.build(tally: tally, stored: [], reviewItems: Self.items, threshold: .standard)
        #expect(rows.map(\.key.problem) == ["少数人反映的问题"], "1 of 100 passes its own threshold, not the standard 3 and 5 %")
    }
}

/// 典型意见 quote only comments the office approved, from those who raised the problem.
@Suite struct TypicalCommentModerationTests {
    @Test func onlyApprovedCommentsAreQuoted() throws {
        let tally = RegisterTests.tally()
        let all = Register.build(tally: tally, stored: [], reviewItems: RegisterTests.items, threshold: .standard)
        let row = try #require(all.first { $0.kind == .concentrated && !$0.comments.isEmpty })
        // Approve exactly one of the comments made on that problem; reject (leave out) the rest.
        let ids = tally.comments[row.key] ?? [:]
        let kept = try #require(ids.first { $0.value.hasPrefix(row.comments[0].prefix(4)) })
        let moderated = Register.build(
            tally: tally, stored: [], reviewItems: RegisterTests.items, threshold: .standard,
            approvedComments: [kept.key])
        let quoted = try #require(moderated.first { $0.key == row.key }).comments
        #expect(quoted.count == 1 && kept.value.hasPrefix(quoted[0]))
        #expect(
            Register.build(tally: tally, stored: [], reviewItems: RegisterTests.items, threshold: .standard, approvedComments: [])
                .allSatisfy { $0.comments.isEmpty }, "nothing approved, nothing quoted")
    }
}
