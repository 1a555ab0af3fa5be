import Foundation
import SurveyCore
import SurveySamples
import Testing

/// The sample's staff work keeps the product's own rules: a row is signed off only after its 回访,
/// on a later day than it was done; a 长期坚持 row has a stage goal and progress, not one date.
@Suite struct SampleWorkTests {
    static let now = ReportGoldenTests.now

    static func steps() -> [SampleDataset.StaffStep] {
        let rows = Register.build(
            tally: RegisterTests.tally(), stored: [], reviewItems: RegisterTests.items, threshold: .standard,
            calendar: try! WorkCalendarTests.shipped())
        return SampleDataset.staffSteps(on: rows, reviewItems: RegisterTests.items, at: now)
    }

    @Test func theSignedOffRowPassedItsFollowUpOnALaterDay() throws {
        let steps = Self.steps().filter { $0.after.number == 1 }
        let signed = try #require(steps.last?.after)
        #expect(signed.status == .signedOff)
        let tally = try #require(signed.followUp, "signed off with no 回访")
        #expect(tally.asked == signed.raisedBy && tally.answered > 0)
        let signedAt = try #require(steps.last?.at)
        #expect(FollowUpPolicy.standard.refusal(tally, calendar: try WorkCalendarTests.shipped(), at: signedAt) == nil)
        let days = Set(steps.map { Day.string($0.at) })
        #expect(days.count >= 4, "assigned, worked, done and signed off on days of their own: \(days.sorted())")
        #expect(signed.assignedOn != Day.string(Self.now))
        #expect(signed.timeliness(at: Self.now).isEmpty, "done before its 时限")
    }

    @Test func aLongTermRowHasAStageGoalAndProgressNotOneDate() throws {
        let rows = Self.steps().map(\.after).filter { $0.category == .longTerm }
        let row = try #require(rows.last)
        let text = try #require(row.deadlineText)
        #expect(text.hasPrefix("长期坚持（阶段目标 "), "\(text)")
        #expect(row.notes.count >= 2, "progress reported more than once")
    }
}
