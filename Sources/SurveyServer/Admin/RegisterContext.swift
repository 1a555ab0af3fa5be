import Foundation
import SurveyCore
import SurveyStore

/// What reading and changing the 整改台账 needs besides the database and the tally: the office's
/// settings, fixed while the server runs. A value, so that work off the loop thread can carry it.
struct RegisterContext: Sendable {
    let reviewItems: [ReviewItem]
    let threshold: FindingThreshold
    let calendar: WorkCalendar
    let followUpPolicy: FollowUpPolicy
    let office: OfficeProfile
    /// The address links are built on (`--public-url`), when set.
    let publicURL: String?
    let gateway: TextMessageGateway?
    /// Lets one sync of the register run at a time, on the loop or off it.
    let gate: RegisterSync.Gate

    /// The rectification list as stored, with fresh counts from `findings`: what every reader sees.
    func rows(database: SurveyDatabase, findings: FindingTally) throws -> [RectificationRow] {
        let stored = try database.rectificationRows()
        let known = Set(stored.map(\.key))
        return Register.build(
            tally: findings, stored: stored, reviewItems: reviewItems, threshold: threshold, calendar: calendar,
            approvedComments: try database.approvedCommentIDs()
        ).filter { known.contains($0.key) }
    }

    /// The register's sync over `findings`, to run on any thread.
    func sync(database: SurveyDatabase, findings: FindingTally) -> RegisterSync {
        RegisterSync(database: database, findings: findings, reviewItems: reviewItems, threshold: threshold, calendar: calendar, gate: gate)
    }

    /// The rows of each of `units`, as the frame its open pages get.
    func unitFrames(units: Set<String>, database: SurveyDatabase, findings: FindingTally) throws -> [String: [UInt8]] {
        guard !units.isEmpty else { return [:] }
        // The register is built once for all the units to tell.
        let register = try rows(database: database, findings: findings)
        return Dictionary(uniqueKeysWithValues: units.map { ($0, UnitMessage.rows(unit: $0, Self.rows(of: $0, in: register))) })
    }

    /// `frames` for every open page of their units.
    static func sends(_ frames: [String: [UInt8]], hub: Hub) -> [HubAction] {
        hub.unitConnections(of: Set(frames.keys)).compactMap { open in frames[open.unit].map { .send(open.connection, $0) } }
    }

    /// The rows a unit sees: those handed to it, without what is not for units.
    static func rows(of unit: String, in register: [RectificationRow]) -> [RectificationRow] {
        register.filter { $0.isHanded(to: unit) }.map(\.forUnit)
    }

    /// Units named in an assignment that are not on the units list, in words; nil when all are known
    /// (or no list has been imported).
    func unknownUnits(_ names: [String], _ database: SurveyDatabase) throws -> String? {
        let known = Set(try database.units().map(\.name))
        guard !known.isEmpty else { return nil }
        let unknown = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !known.contains($0) }
        guard !unknown.isEmpty else { return nil }
        return "“\(unknown.joined(separator: "、"))”不在责任单位名单中（survey units list 查看，survey units import 导入）"
    }

    /// The text inviting a supervisor without an open page to the 回访 of `row`.
    static func followUpInvitation(_ supervisor: Supervisor, row: RectificationRow) -> TextMessage {
        TextMessage(
            kind: .followup, recipient: supervisor.id, phone: supervisor.phone,
            text: "【营商环境监督】您反映的“\(row.key.problem)”已整改，请用您的个人链接打开问卷页，对整改结果进行回访评价。")
    }

    /// Tells the units' contacts by text message what an assignment changed for them: a row handed
    /// to a unit, taken from one (改派), given a new 时限, or a unit newly asked to help (配合单位).
    func sendAssignmentNotices(from old: RectificationRow, to row: RectificationRow, reason: String?, _ database: SurveyDatabase) throws {
        guard let gateway, let unit = row.unit else { return }
        let phones = Dictionary(try database.units().map { ($0.name, $0.phone) }, uniquingKeysWith: { first, _ in first })
        let item = "第 \(row.number) 项整改事项“\(row.key.problem)”"
        let why = reason?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty.map { "，理由：\($0)" } ?? ""
        var messages: [TextMessage] = []
        func notify(_ recipient: String, _ text: String) {
            messages.append(TextMessage(kind: .assign, recipient: recipient, phone: phones[recipient] ?? nil, text: "【营商环境监督】" + text))
        }
        let wasAssigned = old.unit != nil && old.status >= .assigned
        var partners = Set(row.partners).subtracting(wasAssigned ? old.partners : []).subtracting([unit])
        // The unit's own link, when the office lets texts carry it and phones can reach the server.
        let links = office.handover.smsLink && publicURL != nil ? try database.keptUnitLinks() : [:]
        func link(_ unit: String) -> String {
            guard let base = publicURL, let token = links[unit] else { return "请通过单位链接填报整改进展" }
            return "请打开单位链接填报整改进展：\(base)/unit.html#\(token)"
        }
        if unit != old.unit || !wasAssigned {
            notify(unit, "\(item)已交办贵单位，整改时限 \(row.deadline ?? "—")，\(link(unit))。")
            if let previous = old.unit, previous != unit, wasAssigned {
                let now = row.partners.contains(previous) ? "贵单位改为配合单位" : "贵单位不再牵头办理"
                notify(previous, "\(item)已改派“\(unit)”牵头\(why)，\(now)。")
                partners.remove(previous)
            }
        } else if row.deadline != old.deadline {
            notify(unit, "\(item)的整改时限由 \(old.deadline ?? "未定") 调整为 \(row.deadline ?? "未定")\(why)。")
        }
        for partner in row.partners where partners.contains(partner) {
            notify(partner, "\(item)由“\(unit)”牵头办理，请贵单位配合，整改时限 \(row.deadline ?? "—")，\(link(partner))。")
        }
        gateway.send(messages)
    }

    /// Texts the lead unit's contact a 催办, when the office has a gateway.
    func sendUrgeNotice(_ row: RectificationRow, note: String?, _ database: SurveyDatabase) throws {
        guard let gateway, let unit = row.unit else { return }
        let phone = try database.units().first { $0.name == unit }?.phone
        let why = note?.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty.map { "（\($0)）" } ?? ""
        let text = "【营商环境监督】催办：第 \(row.number) 项整改事项“\(row.key.problem)”整改时限 \(row.deadline ?? "—")，请抓紧办理并通过单位链接报送进展\(why)。"
        gateway.send([TextMessage(kind: .urge, recipient: unit, phone: phone ?? nil, text: text)])
    }
}
