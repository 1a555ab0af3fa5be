import Foundation
import SurveyCore
import SurveyStore

/// The rectification list and the report.
extension AdminAPI {
    /// The register as it stands: stored rows with fresh counts, and problems newly past the
    /// threshold, which are stored now so that their numbers stay fixed.
    func register(hub: Hub, at now: Date) throws -> [RectificationRow] {
        let stored = try database.rectificationRows()
        let rows = Register.build(
            tally: hub.findings, stored: stored, reviewItems: reviewItemList, threshold: threshold, calendar: calendar)
        let known = Set(stored.map(\.key))
        try database.addRectificationRows(rows.filter { !known.contains($0.key) }, at: now)
        return rows
    }

    /// `GET /api/rectify[?item=R10][&status=assigned][&overdue=1]`.
    func listRectification(_ request: HTTPRequest, hub: Hub, at now: Date) throws -> HTTPResponse {
        var rows = try register(hub: hub, at: now)
        if let item = request.query("item") {
            let wanted = item.hasPrefix("R") ? item : String(format: "R%02d", Int(item) ?? -1)
            rows = rows.filter { $0.key.item == wanted }
        }
        if let status = request.query("status") {
            guard let wanted = RectificationStatus(rawValue: status) else {
                let known = RectificationStatus.allCases.map(\.rawValue).joined(separator: "、")
                return .error(400, "bad_request", "未知的状态“\(status)”，可用：\(known)")
            }
            rows = rows.filter { $0.status == wanted }
        }
        if request.query("overdue") != nil { rows = rows.filter { $0.isOverdue(at: now) } }
        return .json(rows)
    }

    /// `POST /api/rectify/N` with a `RectifyRequest`.
    func rectify(number: Int, _ body: [UInt8], hub: Hub, at now: Date) throws -> HTTPResponse {
        guard let request = try? JSONDecoder().decode(RectifyRequest.self, from: Data(body)) else {
            return .error(400, "bad_request", "请求正文应为 {\"action\": \"assign|progress|done|signoff\", …}")
        }
        guard let action = request.workflowAction else {
            return .error(400, "bad_request", "操作“\(request.action)”缺少必填字段，或不是 assign、progress、done、signoff 之一")
        }
        guard let row = try register(hub: hub, at: now).first(where: { $0.number == number }) else {
            return .error(404, "unknown_row", "整改清单中没有第 \(number) 项")
        }
        switch RectificationWorkflow.apply(action, reason: request.reason, to: row, at: now) {
        case .failure(let error):
            return .error(409, "workflow", error.message)
        case .success(let (updated, changes)):
            try database.saveRectificationRow(updated, changes: changes, actor: request.actor ?? "admin", at: now)
            return .json(updated)
        }
    }

    /// `GET /api/report`: the data of the self-inspection report and the rectification list.
    func report(hub: Hub, at now: Date) throws -> HTTPResponse {
        let rows = try register(hub: hub, at: now)
        let data = ReportData.make(
            tally: hub.findings, rows: rows, reviewItems: reviewItemList, respondents: hub.respondentCount,
            rosterSize: try database.roster().count, at: now)
        return .json(data)
    }
}
