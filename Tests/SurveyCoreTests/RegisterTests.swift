import Foundation
import SurveyCore
import Testing

/// The sample dataset at the seed's scale, and the register built from it.
@Suite struct RegisterTests {
    static let items = try! ShippedSurveysTests.reviewItems()
    static let annual = try! ShippedSurveysTests.survey("annual-2022.yaml").survey
    static let dataset = SampleDataset(survey: annual)

    static func tally() -> FindingTally {
        FindingTally.recompute(dataset.submissions) { _, _ in annual }
    }

    @Test func theSampleAnswersAreValid() throws {
        #expect(Self.dataset.supervisors.count == 277)
        for record in Self.dataset.submissions {
            let answers = try JSONDecoder().decode([String: AnswerValue].self, from: Data(record.answersJSON.utf8))
            #expect(AnswerValidator.problem(in: answers, for: Self.annual) == nil, "\(record.supervisorID)")
        }
    }

    @Test func aboutFifteenProblemAreasPassTheThreshold() {
        let rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        #expect((12...18).contains(rows.count), "\(rows.count) rows")
        #expect(rows.map(\.number) == Array(1...rows.count))
        #expect(rows.allSatisfy { $0.raisedBy >= 3 && $0.share >= 0.05 && $0.status == .identified })
    }

    @Test func incrementalEqualsRecomputeInAnyOrder() {
        let full = Self.tally()
        var random = SplitMix64(seed: 7)
        for _ in 0..<5 {
            var records = Self.dataset.submissions
            for index in records.indices.reversed() { records.swapAt(index, random.below(index + 1)) }
            var incremental = FindingTally()
            for record in records { incremental.add(record, survey: Self.annual) }
            // A repeat of an already-counted submission changes nothing.
            incremental.add(records[0], survey: Self.annual)
            #expect(incremental == full)
        }
    }

    @Test func staffFieldsAndNumbersSurviveASecondSurvey() throws {
        var rows = Register.build(tally: Self.tally(), stored: [], reviewItems: Self.items, threshold: .standard)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        rows[0] = try RectificationWorkflow.apply(
            .assign(unit: "区政务服务办", measure: "开展专项整治", deadline: "2023-06-30"), reason: nil, to: rows[0], at: now).get().row
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
}
