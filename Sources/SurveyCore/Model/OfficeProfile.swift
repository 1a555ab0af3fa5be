/// What the office itself says about its work and is not in any survey (`Surveys/office.yaml`): its
/// names, who its report goes to, its supervisor categories and units, and which review items and
/// lead units are established (from the seed report or confirmed) rather than 待核定.
public struct OfficeProfile: Codable, Sendable, Equatable {
    /// Where a review item comes from.
    public enum Source: String, Codable, Sendable, CaseIterable {
        /// Named in the office's own annual report.
        case seed
        /// Confirmed by the office.
        case confirmed
        /// Not yet confirmed: printed as 待核定.
        case pending
    }

    public var district: String
    /// 落款 and the report's title: the office's full name.
    public var office: String
    /// 主送: who the report is addressed to.
    public var recipient: String
    /// The period the report covers, e.g. `2022年度`, put in its title.
    public var period: String?
    public var categories: [SupervisorCategory]
    public var units: [String]
    /// Each review item's source; items not listed are pending.
    public var reviewItems: [String: Source]
    public var leadUnitsConfirmed: Bool
    /// The channels problems reach the 台账 by (问题来源), and which of them bring leads.
    public var channels: [IntakeChannel] = IntakeChannel.defaults
    /// When rows are chased by themselves (督办).
    public var reminders = ReminderPolicy()
    /// The 交办单's numbering and contact.
    public var handover = HandoverOffice()
    /// The report's 版头, when the office gives one: 发文机关标志, 发文字号 and 签发人.
    public var masthead: Masthead?

    public init(
        district: String, office: String, recipient: String, period: String? = nil, categories: [SupervisorCategory],
        units: [String] = [], reviewItems: [String: Source] = [:], leadUnitsConfirmed: Bool = false,
        channels: [IntakeChannel] = IntakeChannel.defaults, reminders: ReminderPolicy = ReminderPolicy()
    ) {
        self.channels = channels
        self.reminders = reminders
        self.period = period
        self.district = district
        self.office = office
        self.recipient = recipient
        self.categories = categories
        self.units = units
        self.reviewItems = reviewItems
        self.leadUnitsConfirmed = leadUnitsConfirmed
    }

    /// The profile when no office file is found: the three standard categories, everything 待核定.
    public static let fallback = OfficeProfile(
        district: "本区", office: "区政务服务办", recipient: "（主送机关待核定）",
        categories: SupervisorCategory.standard)

    /// The review items marked as this profile says.
    public func apply(to items: [ReviewItem]) -> [ReviewItem] {
        items.map { item in
            var item = item
            item.pending = (reviewItems[item.id] ?? .pending) == .pending
            item.leadUnitPending = !leadUnitsConfirmed
            return item
        }
    }

}
