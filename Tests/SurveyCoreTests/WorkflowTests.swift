import Foundation
import SurveyCore
import Testing

@Suite struct WorkflowTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-15
    let fresh = RectificationRow(number: 1, key: FindingKey(item: "R10", problem: "窗口排队时间长"), itemTitle: "政务服务中心窗口服务")
    let assign = RectifyAction.assign(unit: "区政务服务办", measure: "增设综合窗口", deadline: "2023-12-31")

    func step(_ action: RectifyAction, _ row: RectificationRow, reason: String? = nil) -> Result<(row: RectificationRow, changes: [FieldChange]), RectifyError>
    {
        RectificationWorkflow.apply(action, reason: reason, to: row, at: now)
    }

    @Test func theWholeWayOneStepAtATime() throws {
        var row = try step(assign, fresh).get().row
        #expect(row.status == .assigned && row.unit == "区政务服务办")
        row = try step(.progress(note: "已增设 2 个综窗"), row).get().row
        #expect(row.status == .inProgress && row.notes == ["2023-11-15：已增设 2 个综窗"])
        row = try step(.progress(note: "高峰期弹性排班"), row).get().row
        #expect(row.notes.count == 2)
        row = try step(.done(evidence: "综窗设置文件及排班表"), row).get().row
        #expect(row.status == .rectified)
        let (signed, changes) = try step(.signOff(by: "李主任"), row).get()
        #expect(signed.status == .signedOff && signed.signer == "李主任" && signed.signedOffAt != nil)
        #expect(changes.contains(FieldChange(field: "status", old: "rectified", new: "signed_off")))
    }

    @Test func skippingOrSteppingBackNeedsAReason() throws {
        #expect(throws: RectifyError.self) { try step(.done(evidence: "文件"), fresh).get() }
        let skipped = try step(.done(evidence: "文件"), fresh, reason: "已在年初整改").get()
        #expect(skipped.row.status == .rectified)
        #expect(skipped.changes.contains(FieldChange(field: "reason", old: nil, new: "已在年初整改")))
        #expect(throws: RectifyError.self) { try step(assign, skipped.row).get() }
        #expect(throws: RectifyError.self, "a rectified row is reopened, not assigned anew") { try step(assign, skipped.row, reason: "复查发现反弹").get() }
        if case .failure(let error) = step(assign, skipped.row) { #expect(error.message.contains("rectify reopen"), "\(error.message)") }
        let signed = try step(.signOff(by: "李主任"), skipped.row).get().row
        #expect(throws: RectifyError.self, "a signed-off row is reopened, not marked rectified anew") {
            try step(.done(evidence: "文件"), signed, reason: "再次完成").get()
        }
        #expect(throws: RectifyError.self) { try step(.done(evidence: "文件"), fresh, reason: "   ").get() }
    }

    /// 改派 or a new 时限 for a row already assigned is a decision on record: it needs a reason, and
    /// the measures assigned before stay as they were, the new one added after them.
    @Test func reassigningNeedsAReasonAndKeepsTheMeasures() throws {
        var row = try step(assign, fresh).get().row
        row = try step(.addMeasure(text: "高峰期弹性排班", deadline: "2023-12-15"), row).get().row
        let moved = RectifyAction.assign(unit: "区行政审批局", measure: "改由审批局牵头", deadline: "2024-01-31")
        #expect(throws: RectifyError.self) { try step(moved, row).get() }
        let (reassigned, changes) = try step(moved, row, reason: "职能调整，改由审批局牵头").get()
        #expect(reassigned.unit == "区行政审批局" && reassigned.deadline == "2024-01-31")
        #expect(reassigned.measures.map(\.text) == ["增设综合窗口", "高峰期弹性排班", "改由审批局牵头"])
        #expect(reassigned.measures.map(\.deadline) == ["2023-12-31", "2023-12-15", "2024-01-31"])
        #expect(changes.contains(FieldChange(field: "reason", old: nil, new: "职能调整，改由审批局牵头")))
        // A new 时限 for a row being worked on leaves it 整改中.
        let working = try step(.progress(note: "已召开一次招聘会"), reassigned).get().row
        #expect(try step(moved, working, reason: "仅延期").get().row.status == .inProgress)
        // 配合单位 left out stay as they were.
        let withPartner = try step(
            .assign(unit: "区行政审批局", measure: "改由审批局牵头", deadline: "2024-01-31", partners: ["区财政局"]), reassigned, reason: "增加配合单位"
        ).get().row
        #expect(try step(moved, withPartner, reason: "延期").get().row.partners == ["区财政局"])
        // The same measure again adds nothing twice.
        let again = try step(.assign(unit: "区行政审批局", measure: "增设综合窗口", deadline: "2024-02-29"), reassigned, reason: "延期").get().row
        #expect(again.measures.count == 3 && again.deadline == "2024-02-29")
    }

    /// Marking a rectified row rectified again changes nothing, so it is refused rather than
    /// reported as done (it would otherwise hide who marked it first).
    @Test func aRectifiedRowCannotBeMarkedRectifiedAgain() throws {
        let rectified = try step(.done(evidence: "文件"), try step(assign, fresh).get().row, reason: "已完成").get().row
        #expect(throws: RectifyError.self) { try step(.done(evidence: "另一份文件"), rectified).get() }
    }

    /// A sign-off over the 回访 (or a skipped step) keeps its reason in the 验收意见, where the 台账
    /// and the report show it, not only in the history.
    @Test func aSignOffsReasonStandsInTheOpinion() throws {
        let rectified = try step(.done(evidence: "文件"), try step(assign, fresh).get().row, reason: "已完成").get().row
        let signed = try step(.signOff(by: "李主任", opinion: "同意销号"), rectified, reason: "现场复核已整改到位").get().row
        #expect(signed.opinion == "同意销号（销号理由：现场复核已整改到位）")
        #expect(try step(.signOff(by: "李主任"), rectified).get().row.opinion == "同意销号")
    }

    /// The office's view of a row shows what supervisors said in the 回访, and a reopened row's
    /// figures as the earlier round's.
    @Test func theFollowUpShowsItsCommentsAndItsRound() throws {
        var row = try step(.done(evidence: "文件"), try step(assign, fresh).get().row, reason: "已完成").get().row
        row.followUp = FollowUpTally(asked: 2, satisfied: 1, unsatisfied: 1, sentAt: "2023-11-15T00:00:00Z", comments: ["窗口还是要排队", "第一行\n验收意见：伪造"])
        func followUp(_ row: RectificationRow, forOffice: Bool) -> String {
            Dictionary(uniqueKeysWithValues: RectificationRowText.fields(of: row, at: now, forOffice: forOffice))["回访情况"] ?? ""
        }
        #expect(followUp(row, forOffice: true) == "回访 2 人，答复 2 人：满意 1、基本满意 0、不满意 1\n意见：窗口还是要排队\n意见：第一行 验收意见：伪造")
        let reopened = try step(.reopen, row, reason: "群众再次反映").get().row
        #expect(followUp(reopened, forOffice: true).hasPrefix("上一轮回访 2 人"))
    }

    @Test func signOffNeedsEvidenceAndASigner() throws {
        let assigned = try step(assign, fresh).get().row
        let inProgress = try step(.progress(note: "推进中"), assigned).get().row
        // Straight from in progress to signed off: a skip, and without evidence.
        #expect(throws: RectifyError.self) { try step(.signOff(by: "李主任"), inProgress, reason: "领导要求").get() }
        let rectified = try step(.done(evidence: "文件"), inProgress).get().row
        #expect(throws: RectifyError.self) { try step(.signOff(by: " "), rectified).get() }
        let signed = try step(.signOff(by: "李主任"), rectified).get().row
        #expect(throws: RectifyError.self) { try step(.signOff(by: "王科长"), signed).get() }
        // Stepping back from signed off clears the sign-off.
        let reopened = try step(.progress(note: "复查"), signed, reason: "群众再次反映").get().row
        #expect(reopened.signer == nil && reopened.signedOffAt == nil && reopened.status == .inProgress)
    }

    @Test func badInputIsRefused() {
        #expect(throws: RectifyError.self) { try step(.assign(unit: "", measure: "m", deadline: "2023-12-31"), fresh).get() }
        #expect(throws: RectifyError.self) { try step(.assign(unit: "u", measure: "m", deadline: "2023-02-30"), fresh).get() }
        #expect(throws: RectifyError.self) { try step(.assign(unit: "u", measure: "m", deadline: "明年"), fresh).get() }
        #expect(throws: RectifyError.self) { try step(.progress(note: ""), fresh, reason: "直接推进").get() }
        #expect(throws: RectifyError.self) { try step(.done(evidence: ""), fresh, reason: "x").get() }
    }

    @Test func overdueRowsStandOut() throws {
        let row = try step(.assign(unit: "u", measure: "m", deadline: "2023-11-14"), fresh).get().row
        #expect(row.isOverdue(at: now))
        #expect(!row.isOverdue(at: Date(timeIntervalSince1970: 1_699_900_000)))  // 2023-11-14, before the day ends
        let done = try step(.done(evidence: "e"), row, reason: "提前完成").get().row
        #expect(!done.isOverdue(at: now))
        // A later 时限 for the row leaves the late, unfinished first measure late.
        let extended = try step(.assign(unit: "u", measure: "m2", deadline: "2024-06-30"), row, reason: "延期").get().row
        #expect(extended.isOverdue(at: now))
        let caughtUp = try step(.measureDone(index: 1), extended).get().row
        #expect(!caughtUp.isOverdue(at: now))
    }
}

/// `done` says the row is rectified; it does not claim measures nobody marked done, and the 回访
/// tells the supervisor what was done.
@Suite struct DoneTellsWhatWasDoneTests {
    @Test func unfinishedMeasuresStayUnfinished() throws {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        var row = RectificationRow(number: 2, key: FindingKey(item: "R10", problem: "窗口排队"), itemTitle: "")
        for action: RectifyAction in [
            .assign(unit: "区政务服务办", measure: "增设窗口", deadline: "2023-12-29"), .addMeasure(text: "弹性排班", deadline: "2023-12-29"),
            .measureDone(index: 2), .progress(note: "仍在核对排班效果"), .done(evidence: "排班表"),
        ] {
            row = try RectificationWorkflow.apply(action, reason: "一并办结", to: row, at: now).get().row
        }
        #expect(row.measures[0].doneOn == nil && row.measures[1].doneOn == "2023-11-15")
        let notice = FollowUpNotice(row: row, at: now)
        #expect(notice.result == "仍在核对排班效果。已完成措施：弹性排班。佐证材料：排班表", "\(notice.result)")
    }
}
