import Foundation
import SurveyCore

/// A 交办单: one row handed to its lead unit, as an office issues it on one A4 page: 交办编号 and
/// 交办日期, 承办 and 配合单位, 问题来源 and 描述, 整改要求 and 办理时限, 反馈要求, the office's contact,
/// and a 签收 block.
public struct HandoverSheet: Codable, Sendable, Equatable {
    /// One line of the form.
    public struct Field: Codable, Sendable, Equatable {
        public var label: String
        public var value: String
    }

    public var title: String
    /// 交办单位: the office.
    public var office: String
    public var row: Int
    /// 交办编号 and 交办日期 (`yyyy-MM-dd`), or for a 督办单 the original 交办编号 and the 督办 day.
    public var number: String
    public var date: String
    public var numberLabel = "交办编号"
    public var dateLabel = "交办日期"
    public var fields: [Field]
    /// 签收人 and 签收时间 once signed (Beijing time), else blanks to sign on paper.
    public var receipt: String

    /// What units must send back, and when.
    static let feedback =
        "请于收到本单后1个工作日内签收；按整改要求逐项办理，于办理时限前通过单位链接报送整改进展和佐证材料（文件、照片、会议纪要等）；"
        + "确需延期的，于时限前书面说明理由申请；逾期未办结的，将予以督办。"

    /// The sheet of `row` from `office`. The supervisor's own words go to the unit only when the
    /// office marked the row shareable.
    public static func make(_ row: RectificationRow, office: OfficeProfile) -> HandoverSheet {
        let lead = row.isUnverifiedLead
        var problem = row.key.problem
        if let detail = row.detail, row.kind != .caseLead || row.shareable { problem += "：" + detail }
        var requirements = row.measures.enumerated().map { "\($0.offset + 1). \($0.element.text)（时限 \($0.element.deadline ?? "—")）" }
        if lead { requirements.insert("先行核实：核实结果（属实、部分属实或不属实）及依据，于办理时限前反馈。", at: 0) }
        if requirements.isEmpty { requirements = ["【待填写：整改要求】"] }
        let contact = "\(office.handover.contact ?? "【待填写：联系人】")　联系电话：\(office.handover.phone ?? "【待填写：电话】")"
        let receipt =
            row.receiptName.map { name in
                "签收人：\(name)　签收时间：\(row.receiptAt.flatMap(Timestamp.date).map { ReportOutline.chineseDate($0) + " " + Self.time($0) } ?? "—")"
            } ?? "签收人：＿＿＿＿＿＿　签收时间：＿＿＿＿年＿＿月＿＿日"
        var sheet = HandoverSheet(
            title: lead ? "问题线索核实交办单" : "整改事项交办单", office: office.office, row: row.number,
            number: row.handoverNumber ?? (row.status >= .assigned ? "（未编号：编号启用前交办）" : "（尚未交办）"),
            date: row.assignedOn ?? "—",
            fields: [
                Field(label: "承办单位", value: row.unit ?? "—"),
                Field(label: "配合单位", value: row.partners.isEmpty ? "—" : row.partners.joined(separator: "、")),
                Field(label: "问题来源", value: row.sourceText), Field(label: "问题描述", value: problem),
                Field(label: "所属自查项", value: row.itemsText), Field(label: "整改类别", value: row.category?.label ?? "—"),
                Field(label: lead ? "办理要求" : "整改要求", value: requirements.joined(separator: "\n")),
                Field(label: "办理时限", value: row.deadlineText ?? "—"), Field(label: "反馈要求", value: feedback),
                Field(label: "联系人", value: contact),
            ], receipt: receipt)
        sheet.fields = sheet.fields.map { Field(label: $0.label, value: UntrustedText.withoutBidiControls($0.value)) }
        sheet.receipt = UntrustedText.withoutBidiControls(sheet.receipt)
        return sheet
    }

    /// The 督办单 of an overdue row, addressed to the unit's leadership on `today`: the row as handed
    /// over, how far past its 时限, the 催办 so far, and what the office asks.
    public static func supervision(_ row: RectificationRow, office: OfficeProfile, calendar: WorkCalendar, today: String) -> HandoverSheet {
        var sheet = make(row, office: office)
        let late = row.deadline.map { calendar.workingDays(from: $0, to: today) } ?? 0
        sheet.title = "整改事项督办单"
        sheet.numberLabel = "原交办编号"
        sheet.dateLabel = "督办日期"
        sheet.date = today
        let handed = sheet.fields.filter { ["承办单位", "配合单位", "问题描述", "整改要求", "办理要求", "办理时限", "联系人"].contains($0.label) }
        sheet.fields =
            [Field(label: "致", value: "\(row.unit ?? "—")主要负责同志")] + handed.prefix(3)
            + [
                Field(label: "交办日期", value: row.assignedOn ?? "—"),
                Field(label: "逾期情况", value: "已超过办理时限 \(late) 个工作日，尚未办结（\(row.stateLabel)）"),
                Field(label: "催办记录", value: row.urges.isEmpty ? "—" : row.urges.joined(separator: "\n")),
                Field(
                    label: "督办要求",
                    value: "请单位主要负责同志亲自督促，于3个工作日内办结，或书面说明逾期原因、整改计划和完成时限，报\(office.office)；逾期仍未办结的，将提请通报。"),
            ] + handed.dropFirst(3)
        return sheet
    }

    /// `10:30`, Beijing time.
    static func time(_ date: Date) -> String {
        let parts = WorkCalendar.calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// The date line as 公文 writes it.
    var dateText: String { Day.parse(date).map(ReportOutline.chineseDate) ?? date }

    /// The sheets as one printable HTML page: A4 portrait, one sheet per page, no outside resources.
    public static func html(_ sheets: [HandoverSheet]) -> String {
        func escape(_ text: String) -> String { ReportRenderer.escape(text).replacingOccurrences(of: "\n", with: "<br>") }
        var out = [
            "<!doctype html>", "<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>\(escape(sheets.first?.title ?? "整改事项交办单"))</title><style>",
            "@page { size: A4 portrait; margin: 25mm 22mm 22mm 25mm; }",
            "body { font-family: 'FangSong', 'STFangsong', 'Noto Serif CJK SC', serif; font-size: 15pt; color: #000; margin: 0; }",
            ".sheet { page-break-after: always; break-after: page; max-width: 170mm; margin: 0 auto; }",
            ".sheet:last-child { page-break-after: auto; break-after: auto; }",
            "h1 { font-family: 'SimSun', 'Noto Serif CJK SC', serif; font-size: 20pt; text-align: center; margin: 0 0 6mm; letter-spacing: 0.1em; }",
            ".meta { display: flex; justify-content: space-between; margin-bottom: 3mm; font-size: 13pt; }",
            "table { width: 100%; border-collapse: collapse; table-layout: fixed; }",
            "th, td { border: 1px solid #000; padding: 2mm 3mm; vertical-align: top; font-size: 13pt; line-height: 1.5; overflow-wrap: anywhere; }",
            "th { width: 28mm; font-family: 'SimHei', 'Noto Sans CJK SC', sans-serif; font-weight: normal; text-align: center; vertical-align: middle; }",
            ".receipt td { height: 22mm; vertical-align: bottom; }", ".issuer { text-align: right; margin-top: 6mm; }",
            "</style></head><body>",
        ]
        for sheet in sheets {
            out.append("<section class=\"sheet\" data-row=\"\(sheet.row)\"><h1>\(escape(sheet.title))</h1>")
            out.append(
                "<div class=\"meta\"><span>\(sheet.numberLabel)：\(escape(sheet.number))</span><span>\(sheet.dateLabel)：\(escape(sheet.dateText))</span></div><table>"
            )
            for field in sheet.fields { out.append("<tr><th scope=\"row\">\(escape(field.label))</th><td>\(escape(field.value))</td></tr>") }
            out.append("<tr class=\"receipt\"><th scope=\"row\">签收</th><td>\(escape(sheet.receipt))</td></tr></table>")
            out.append("<p class=\"issuer\">交办单位：\(escape(sheet.office))（盖章）</p></section>")
        }
        return (out + ["</body></html>"]).joined(separator: "\n") + "\n"
    }
}
