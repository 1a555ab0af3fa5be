import Foundation
import SurveyCore
import Testing

/// Problems from other channels, and leads checked (核实) before they count.
@Suite struct RegisterEntryTests {
    let now = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-15
    let rules = RegisterEntry.Rules(
        channels: IntakeChannel.defaults, reviewItems: (1...19).map { String(format: "R%02d", $0) }, units: ["区市场监管局"], today: "2023-11-15")

    func entry(_ source: String = "12345热线", ref: String? = "GD-1") -> RegisterEntry {
        RegisterEntry(source: source, text: "施工许可排队时间长", items: ["R10"], raised: "2023-11-01", ref: ref)
    }

    @Test func aLeadChannelsEntryIsALeadAndAProblemChannelsIsNot() {
        let ticket = entry().row(number: 34, itemTitle: "政务服务", channels: IntakeChannel.defaults, today: "2023-11-15")
        #expect(ticket.kind == .entered && ticket.verification == .pending && ticket.stateLabel == "待核实" && !ticket.isProblem)
        #expect(ticket.sourceText == "12345热线（2023-11-01，编号 GD-1）")
        let found = entry("自查发现", ref: nil).row(number: 35, itemTitle: "政务服务", channels: IntakeChannel.defaults, today: "2023-11-15")
        #expect(found.verification == nil && found.isProblem && found.stateLabel == "待交办")
        var forced = entry("自查发现")
        forced.lead = true
        #expect(forced.row(number: 36, itemTitle: "", channels: IntakeChannel.defaults, today: "2023-11-15").isUnverifiedLead)
    }

    @Test func theSameEntryHasTheSameKeyAndAnotherTicketAnother() {
        #expect(entry().key == entry().key)
        #expect(entry().key != entry(ref: "GD-2").key)
        #expect(entry().key.caseID?.hasPrefix("登记-") == true)
    }

    @Test func everyBadFieldIsNamed() {
        var bad = RegisterEntry(source: "微信群", text: " ", items: ["R99"], unit: "区不存在局", raised: "2023-12-01", ref: String(repeating: "号", count: 65))
        bad.deadline = "明年"
        let problems = bad.problems(under: rules)
        for expected in ["问题来源“微信群”", "问题描述不能为空", "没有自查项“R99”", "单位“区不存在局”", "晚于今天", "编号（工单号）", "整改时限“明年”"] {
            #expect(problems.contains { $0.contains(expected) }, "\(expected): \(problems)")
        }
        #expect(entry().problems(under: rules).isEmpty)
        #expect(RegisterEntry(source: "好差评", text: "态度差", items: []).problems(under: rules) == ["请指明所属自查项（如 R05）"])
    }

    @Test func aLeadIsVerifiedOnceAndAnUntrueOneIsClosed() throws {
        let lead = entry().row(number: 34, itemTitle: "政务服务", channels: IntakeChannel.defaults, today: "2023-11-15")
        // It may be handed to a unit to check, but not finished before the result.
        let assigned = try RectificationWorkflow.apply(
            .assign(unit: "区市场监管局", measure: "核查", deadline: "2023-11-30"), reason: nil, to: lead, at: now
        ).get().row
        #expect(assigned.stateLabel == "已交办（待核实）" && assigned.assignedOn == "2023-11-15")
        let early = RectificationWorkflow.apply(.done(evidence: "说明"), reason: nil, to: assigned, at: now)
        #expect(early.failure?.message.contains("待核实的线索，须先核实") == true)
        let (untrue, changes) = try RectificationWorkflow.apply(.verify(result: .unfounded, note: "系正常排队"), reason: nil, to: assigned, at: now).get()
        #expect(untrue.isUnfounded && !untrue.isProblem && !untrue.isOverdue(at: now.addingTimeInterval(90 * 86_400)))
        #expect(untrue.notes.last == "2023-11-15：核实不属实：系正常排队")
        #expect(changes.contains(FieldChange(field: "verification", old: "pending", new: "unfounded")))
        #expect(RectificationWorkflow.apply(.progress(note: "x"), reason: nil, to: untrue, at: now).failure?.message.contains("不属实，已办结") == true)
        let again = RectificationWorkflow.apply(.verify(result: .confirmed, note: "x"), reason: nil, to: untrue, at: now)
        #expect(again.failure != nil)
        let confirmed = try RectificationWorkflow.apply(.verify(result: .partial, note: "部分属实"), reason: nil, to: assigned, at: now).get().row
        #expect(confirmed.isProblem && confirmed.stateLabel == "已交办")
        #expect((try? RectificationWorkflow.apply(.done(evidence: "说明"), reason: "一步办结", to: confirmed, at: now).get()) != nil)
        let notALead = RectificationRow(number: 1, key: FindingKey(item: "R10", problem: "窗口"), itemTitle: "")
        #expect(
            RectificationWorkflow.apply(.verify(result: .confirmed, note: "x"), reason: nil, to: notALead, at: now).failure?.message == "第 1 项不是待核实的线索，无需核实")
    }

    @Test func anImportedRowKeepsWhereItStood() {
        var imported = RegisterEntry(source: "上级督查", text: "审批事项清单未及时更新", items: ["R11"], unit: "区市场监管局", raised: "2023-10-09", ref: "7")
        imported.measure = "更新清单"
        imported.deadline = "2023-12-29"
        imported.progress = "已完成初稿"
        var row = imported.row(number: 40, itemTitle: "", channels: IntakeChannel.defaults, today: "2023-11-15")
        #expect(row.status == .inProgress && row.measures.count == 1 && row.notes == ["2023-10-09：已完成初稿"] && row.assignedOn == "2023-10-09")
        imported.completed = true
        row = imported.row(number: 40, itemTitle: "", channels: IntakeChannel.defaults, today: "2023-11-15")
        #expect(row.status == .rectified && row.evidence != nil)
    }

    /// 考核: done by the 时限 or after, overdue, still open; working days from 交办 to 办结.
    @Test func unitsAreGradedOnWhatWasHandedToThem() throws {
        let calendar = try WorkCalendarTests.shipped()
        func row(_ number: Int, unit: String, deadline: String, status: RectificationStatus, done: String? = nil) -> RectificationRow {
            var row = RectificationRow(
                number: number, key: FindingKey(item: "R10", problem: "问题\(number)"), itemTitle: "", unit: unit, deadline: deadline, status: status)
            row.assignedOn = "2023-09-28"
            row.completedOn = done
            return row
        }
        var untrue = row(5, unit: "区财政局", deadline: "2023-10-31", status: .assigned)
        untrue.verification = .unfounded
        var urged = row(3, unit: "区财政局", deadline: "2023-10-31", status: .inProgress)
        urged.urges = ["2023-11-01", "2023-11-08：请报送进展"]
        let rows = [
            row(1, unit: "区财政局", deadline: "2023-10-31", status: .rectified, done: "2023-10-12"),
            row(2, unit: "区财政局", deadline: "2023-10-31", status: .signedOff, done: "2023-11-02"), urged,
            row(4, unit: "区税务局", deadline: "2023-12-29", status: .assigned), untrue,
        ]
        let scores = UnitScore.scores(of: rows, calendar: calendar, at: now)
        #expect(scores.map(\.unit) == ["区财政局", "区税务局"])
        let finance = scores[0]
        #expect((finance.handed, finance.onTime, finance.late, finance.overdue, finance.open, finance.urges) == (3, 1, 1, 1, 0, 2))
        // 2023-09-28 to 10-12: 29 September to 6 October off (中秋 and National Day), 7 and 8 October worked.
        #expect(
            finance.timedRows == 2
                && finance.workingDays == calendar.workingDays(from: "2023-09-28", to: "2023-10-12")
                    + calendar.workingDays(from: "2023-09-28", to: "2023-11-02")
        )
        #expect(calendar.workingDays(from: "2023-09-28", to: "2023-10-12") == 6)
        #expect((scores[1].handed, scores[1].open, scores[1].due) == (1, 1, 0))
    }
}

/// Text that would display as other text is shown as typed, never reordered.
@Suite struct BidiControlTests {
    @Test func overridesAreShownOrTakenOut() {
        #expect(UntrustedText.forTerminal("报告\u{202E}fdp.exe") == "报告\\u{202e}fdp.exe")
        var row = RectificationRow(number: 1, key: FindingKey(item: "R10", problem: "窗口\u{2067}排队"), itemTitle: "")
        row.evidenceFiles = [EvidenceFile(sha256: String(repeating: "a", count: 64), name: "报告\u{202E}fdp.exe", size: 10, type: .pdf, uploadedBy: "x", at: "")]
        let fields = RectificationRowText.fields(of: row, at: Date(), forOffice: true).map(\.1)
        #expect(fields.allSatisfy { !$0.unicodeScalars.contains(where: UntrustedText.isBidiControl) })
        #expect(fields.contains { $0.hasPrefix("报告fdp.exe（") } && fields.contains("窗口排队"))
    }
}

/// The office's own 督办: before the 时限, on the first working day after, and once overdue too long.
@Suite struct DeadlineReminderTests {
    func row(deadline: String, status: RectificationStatus = .assigned) -> RectificationRow {
        RectificationRow(number: 7, key: FindingKey(item: "R10", problem: "窗口排队"), itemTitle: "", unit: "区政务服务办", deadline: deadline, status: status)
    }

    @Test func eachReminderComesOncePerDeadline() throws {
        let calendar = try WorkCalendarTests.shipped()
        let policy = ReminderPolicy(before: 3, superviseAfter: 5)
        // Friday 2022-09-30; 1–7 October off, 8 and 9 October worked: the 时限 2022-10-09 is 2 working days on.
        let before = DeadlineReminder.due([row(deadline: "2022-10-09")], calendar: calendar, policy: policy, today: "2022-09-30")
        #expect(before.map(\.kind) == [.before] && before[0].key == "before:2022-10-09")
        #expect(before[0].entry == "2022-09-30：系统提醒：距整改时限 2022-10-09 还有 2 个工作日" && before[0].text.contains("第 7 项整改事项“窗口排队”"))
        #expect(DeadlineReminder.due([row(deadline: "2022-10-20")], calendar: calendar, policy: policy, today: "2022-09-30").isEmpty, "not yet")
        // No reminder on a day off; none given twice.
        #expect(DeadlineReminder.due([row(deadline: "2022-10-09")], calendar: calendar, policy: policy, today: "2022-10-03").isEmpty)
        var reminded = row(deadline: "2022-10-09")
        reminded.reminders = ["before:2022-10-09"]
        #expect(DeadlineReminder.due([reminded], calendar: calendar, policy: policy, today: "2022-09-30").isEmpty)
        // After the 时限: the first working day after it (a Sunday that was worked), then 督办 past 5 working days.
        #expect(DeadlineReminder.due([row(deadline: "2022-10-08")], calendar: calendar, policy: policy, today: "2022-10-09").map(\.kind) == [.overdue])
        let late = DeadlineReminder.due([row(deadline: "2022-10-08")], calendar: calendar, policy: policy, today: "2022-10-17")
        #expect(late.map(\.kind) == [.overdue, .supervise] && late[1].entry.contains("督办：逾期 7 个工作日"))
        // A new 时限 is reminded afresh; a rectified row or one not handed over never.
        reminded.deadline = "2022-10-10"
        #expect(DeadlineReminder.due([reminded], calendar: calendar, policy: policy, today: "2022-09-30").map(\.key) == ["before:2022-10-10"])
        #expect(DeadlineReminder.due([row(deadline: "2022-10-08", status: .rectified)], calendar: calendar, policy: policy, today: "2022-10-17").isEmpty)
        #expect(DeadlineReminder.due([row(deadline: "2022-10-08", status: .identified)], calendar: calendar, policy: policy, today: "2022-10-17").isEmpty)
    }
}

/// A row as it stood at an earlier moment: later changes undone, later files, 催办 and notes left out.
@Suite struct RowHistoryTests {
    @Test func laterChangesAreUndoneNewestFirst() throws {
        var row = RectificationRow(number: 3, key: FindingKey(item: "R10", problem: "排队"), itemTitle: "")
        var history: [RowChange] = []
        var sequence = 0
        func step(_ action: RectifyAction, at day: String, reason: String? = nil) throws {
            let now = try #require(Day.parse(day)).addingTimeInterval(3600)
            let (next, changes) = try RectificationWorkflow.apply(action, reason: reason, to: row, at: now).get()
            for change in changes {
                sequence += 1
                history.append(RowChange(field: change.field, old: change.old, new: change.new, at: Timestamp.string(now), sequence: sequence))
            }
            row = next
        }
        try step(.assign(unit: "区政务服务办", measure: "增设窗口", deadline: "2023-12-29"), at: "2023-10-09")
        try step(.progress(note: "已增设"), at: "2023-10-20")
        try step(.addMeasure(text: "弹性排班", deadline: "2023-12-29"), at: "2023-10-20")
        try step(.urge(note: "请报送"), at: "2023-11-01")
        try step(.done(evidence: "排班表"), at: "2023-11-10")
        row.evidenceFiles = [
            EvidenceFile(sha256: String(repeating: "b", count: 64), name: "表.pdf", size: 1, type: .pdf, uploadedBy: "x", at: "2023-11-09T01:00:00.000Z")
        ]
        let october = RowHistory.rewind(row, changes: history, to: "2023-10-15T16:00:00.000Z")
        #expect(october.status == .assigned && october.unit == "区政务服务办" && october.measures.count == 1 && october.notes.isEmpty)
        #expect(october.urges.isEmpty && october.evidenceFiles.isEmpty && october.completedOn == nil && october.evidence == nil)
        let before = RowHistory.rewind(row, changes: history, to: "2023-10-01T00:00:00.000Z")
        #expect(before.status == .identified && before.unit == nil && before.deadline == nil && before.measures.isEmpty && before.assignedOn == nil)
        // The working days a later 时限 gave go with it.
        var counted = row
        counted.deadlineWorkingDays = 5
        let recount = RowChange(field: "deadlineWorkingDays", old: "10", new: "5", at: "2023-10-09T01:00:00.000Z", sequence: 99)
        #expect(RowHistory.rewind(counted, changes: history + [recount], to: "2023-10-01T00:00:00.000Z").deadlineWorkingDays == 10)
        let november = RowHistory.rewind(row, changes: history, to: "2023-11-05T00:00:00.000Z")
        #expect(
            november.status == .inProgress && november.measures.count == 2 && november.urges.count == 1 && november.measures.allSatisfy { $0.doneOn == nil })
        #expect(RowHistory.rewind(row, changes: history, to: "2023-12-01T00:00:00.000Z") == row, "nothing later: as it is")
    }
}
