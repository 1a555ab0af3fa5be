/// One of the office's 19 self-inspection review items (自查19项内容).
public struct ReviewItem: Codable, Sendable, Equatable {
    /// Stable id, e.g. `R01`.
    public var id: String
    public var title: String
    /// What the item checks.
    public var checks: String
    /// The lead unit (牵头单位).
    public var leadUnit: String
    /// Not from the seed and not yet confirmed by the office (待核定): the item, and its lead unit.
    public var pending = false
    public var leadUnitPending = false

    /// The title, marked 待核定 when pending.
    public var shownTitle: String { title + (pending ? "（待核定）" : "") }
    /// The lead unit, marked 待核定 when pending.
    public var shownLeadUnit: String { leadUnit + (leadUnitPending ? "（待核定）" : "") }

    /// The id staff mean by `text`: `5` and `r05` are `R05`; anything else as written, upper-cased.
    public static func id(named text: String) -> String {
        let text = text.trimmingCharacters(in: .whitespaces)
        return Int(text).map { String(format: "R%02d", $0) } ?? text.uppercased()
    }

    public init(id: String, title: String, checks: String, leadUnit: String) {
        self.id = id
        self.title = title
        self.checks = checks
        self.leadUnit = leadUnit
    }
}
