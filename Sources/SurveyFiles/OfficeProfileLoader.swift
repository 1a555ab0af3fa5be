import SurveyCore
import Yams

/// Reads and checks `Surveys/office.yaml`. Errors carry file, line and column.
public enum OfficeProfileLoader {
    public static let fileName = "office.yaml"

    /// `reviewItems`, when given, are checked against the file: every item it names must exist, and
    /// every item's lead unit must be among its units (when it lists units).
    public static func load(yaml bytes: [UInt8], file: String, reviewItems: [ReviewItem]? = nil) throws(SurveyFileErrors) -> OfficeProfile {
        let reader = NodeReader(file: file)
        let profile = reader.compose(bytes, limit: SurveyLoader.maxFileBytes).flatMap { reader.officeProfile($0, reviewItems: reviewItems) }
        return try reader.finish(profile).0
    }
}

extension NodeReader {
    static let officeKeys: Set<String> = [
        "district", "office", "recipient", "period", "categories", "units", "review_items", "lead_units_confirmed", "channels",
        "reminders", "handover", "masthead",
    ]

    func officeProfile(_ root: Node, reviewItems items: [ReviewItem]?) -> OfficeProfile? {
        guard let map = mapping(root, allowed: Self.officeKeys, what: "办公室文件") else { return nil }
        let district = text(map["district"], in: root, key: "district")
        let office = text(map["office"], in: root, key: "office")
        let recipient = text(map["recipient"], in: root, key: "recipient")
        let period = map["period"].flatMap { text($0, in: root, key: "period") }
        let categories = names(map["categories"], in: root, key: "categories", limit: 16, required: true).map(SupervisorCategory.init(rawValue:))
        let units = names(map["units"], in: root, key: "units", limit: 60, required: false)
        var sources: [String: OfficeProfile.Source] = [:]
        if let node = map["review_items"] {
            if case .mapping(let entries) = node {
                for (key, value) in entries {
                    guard let id = key.scalar?.string, id.count == 3, id.hasPrefix("R"), Int(id.dropFirst()) != nil else {
                        report(key, "review_items 的键应为自查项编号，如 R01")
                        continue
                    }
                    guard let name = value.scalar?.string, let source = OfficeProfile.Source(rawValue: name) else {
                        report(value, "\(id) 的来源应为 seed（年度报告所列）、confirmed（已确认）或 pending（待核定）")
                        continue
                    }
                    if sources[id] != nil { report(key, "自查项 \(id) 重复") }
                    if let items, !items.contains(where: { $0.id == id }) { report(key, "“\(id)”不是自查项文件中的自查项") }
                    sources[id] = source
                }
            } else {
                report(node, "review_items 应为键值映射，如 R01: seed")
            }
        }
        if let items, !units.isEmpty {
            for item in items where !units.contains(item.leadUnit) {
                report(map["units"], "自查项 \(item.id) 的牵头单位“\(item.leadUnit)”不在 units 中")
            }
        }
        let channels = map["channels"].map { intakeChannels($0, in: root) } ?? IntakeChannel.defaults
        let reminders = map["reminders"].map(reminderPolicy) ?? ReminderPolicy()
        let handover = map["handover"].map(handoverOffice) ?? HandoverOffice()
        let confirmed = map["lead_units_confirmed"].flatMap { boolean($0, key: "lead_units_confirmed") } ?? false
        guard let district, let office, let recipient else { return nil }
        var profile = OfficeProfile(
            district: district, office: office, recipient: recipient, period: period, categories: categories, units: units,
            reviewItems: sources, leadUnitsConfirmed: confirmed, channels: channels, reminders: reminders)
        profile.handover = handover
        profile.masthead = map["masthead"].flatMap(masthead)
        return profile
    }

    /// `masthead: {mark: 东丽区政务服务办公室文件, number: 东政服〔2023〕1号, signer: 张三}`: the report's 版头.
    private func masthead(_ node: Node) -> Masthead? {
        guard let fields = mapping(node, allowed: ["mark", "number", "signer"], what: "masthead") else { return nil }
        func value(_ key: String) -> String? {
            guard let node = fields[key] else { return nil }
            guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= 40,
                !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                report(node, "masthead 的 \(key) 应为不超过 40 个字的文字")
                return nil
            }
            return text
        }
        guard let mark = value("mark") else {
            if fields["mark"] == nil { report(node, "masthead 须有 mark（发文机关标志，如 东丽区政务服务办公室文件）") }
            return nil
        }
        return Masthead(mark: mark, number: value("number"), signer: value("signer"))
    }

    /// `handover: {prefix: 东政服交, contact: 李干事, phone: 022-24390000}`: the 交办单's numbering and contact.
    private func handoverOffice(_ node: Node) -> HandoverOffice {
        var office = HandoverOffice()
        guard let fields = mapping(node, allowed: ["prefix", "contact", "phone", "sms_link"], what: "handover") else { return office }
        office.smsLink = fields["sms_link"].flatMap { boolean($0, key: "sms_link") } ?? false
        func value(_ key: String, limit: Int) -> String? {
            guard let node = fields[key] else { return nil }
            guard let text = node.scalar?.string.trimmingCharacters(in: .whitespaces), !text.isEmpty, text.count <= limit,
                !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }), !text.contains("%"), !text.contains("_")
            else {
                report(node, "handover 的 \(key) 应为不超过 \(limit) 个字的文字")
                return nil
            }
            return text
        }
        office.prefix = value("prefix", limit: 12) ?? office.prefix
        office.contact = value("contact", limit: 32)
        office.phone = value("phone", limit: 32)
        return office
    }

    /// `reminders: {before: 3, supervise_after: 5}`: working days before a 时限 for the reminder, and
    /// past it for the 督办.
    private func reminderPolicy(_ node: Node) -> ReminderPolicy {
        var policy = ReminderPolicy()
        guard let fields = mapping(node, allowed: ["before", "supervise_after"], what: "reminders") else { return policy }
        for (key, range) in [("before", 0...30), ("supervise_after", 1...60)] {
            guard let value = fields[key] else { continue }
            guard let number = number(value, key: key), let days = Int(exactly: number), range.contains(days) else {
                report(value, "reminders 的 \(key) 应为 \(range.lowerBound) 到 \(range.upperBound) 的整数（工作日）")
                continue
            }
            if key == "before" { policy.before = days } else { policy.superviseAfter = days }
        }
        return policy
    }

    /// `channels`: each a name (its reports are problems) or `{name: 12345热线, lead: true}` (its
    /// reports are leads, checked before they count).
    private func intakeChannels(_ node: Node, in parent: Node) -> [IntakeChannel] {
        guard let list = sequence(node, in: parent, key: "channels") else { return [] }
        if list.isEmpty { report(node, "channels 不能为空") }
        var channels: [IntakeChannel] = []
        for entry in list {
            var name = entry.scalar?.string
            var lead = false
            if case .mapping = entry, let fields = mapping(entry, allowed: ["name", "lead"], what: "channels 的一项") {
                name = fields["name"]?.scalar?.string
                lead = fields["lead"].flatMap { boolean($0, key: "lead") } ?? false
            }
            guard let name = name?.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= 16,
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                report(entry, "channels 的每一项应为不超过 16 个字的渠道名称，或 {name: 12345热线, lead: true}")
                continue
            }
            if channels.contains(where: { $0.name == name }) { report(entry, "channels 中“\(name)”重复") }
            channels.append(IntakeChannel(name: name, lead: lead))
        }
        return channels
    }

    /// A list of distinct short names.
    private func names(_ node: Node?, in parent: Node, key: String, limit: Int, required: Bool) -> [String] {
        guard node != nil || required else { return [] }
        guard let list = sequence(node, in: parent, key: key) else { return [] }
        if required && list.isEmpty { report(node, "\(key) 不能为空") }
        var seen: Set<String> = []
        var names: [String] = []
        for entry in list {
            guard let name = entry.scalar?.string.trimmingCharacters(in: .whitespaces), !name.isEmpty, name.count <= limit,
                !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
            else {
                report(entry, "\(key) 的每一项应为不超过 \(limit) 个字的名称")
                continue
            }
            if !seen.insert(name).inserted { report(entry, "\(key) 中“\(name)”重复") }
            names.append(name)
        }
        return names
    }
}
