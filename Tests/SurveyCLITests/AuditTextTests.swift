import Testing

@testable import survey

/// The audit log in the office's words: actions and the 台账's fields by their Chinese names.
@Suite struct AuditTextTests {
    @Test func aRectifyEntryNamesItsColumnsAndStatuses() {
        let detail = HistoryText.auditDetail("第 6 项 status: identified → assigned；unit: — → 区财政局；completedOn: — → 2026-11-30", action: "rectify")
        #expect(detail == "第 6 项 整改状态：待交办 → 已交办；牵头单位：— → 区财政局；完成时间：— → 2026-11-30")
        #expect(HistoryText.action("rectify") == "整改台账" && HistoryText.action("launch") == "发布问卷")
        #expect(HistoryText.action("something-new") == "something-new")
        #expect(HistoryText.auditDetail("haocaiping v1 截止 无", action: "launch") == "haocaiping v1 截止 无")
    }

    /// A progress note is added to the list, so its change shows the new note alone.
    @Test func aProgressNoteIsShownAsAdded() {
        #expect(HistoryText.detail("2026-11-01：已核查 → 2026-11-30：已退费", field: "note") == "新增：2026-11-30：已退费")
    }
}
