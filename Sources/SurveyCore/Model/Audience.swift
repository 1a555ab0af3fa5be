/// Who a launched survey is for: every supervisor, or some categories and named supervisors.
public struct Audience: Codable, Sendable, Equatable {
    public var categories: [SupervisorCategory]
    public var ids: [String]

    /// Everyone on the roster.
    public static let everyone = Audience(categories: [], ids: [])

    public init(categories: [SupervisorCategory], ids: [String]) {
        self.categories = categories
        self.ids = ids
    }

    /// Builds an audience from `--to` values: names among `categories` (the office's), or ids.
    public init(targets: [String], categories known: [SupervisorCategory] = SupervisorCategory.standard) {
        categories = targets.map(SupervisorCategory.init(rawValue:)).filter(known.contains)
        ids = targets.filter { !known.contains(SupervisorCategory(rawValue: $0)) }
    }

    public var isEveryone: Bool { categories.isEmpty && ids.isEmpty }

    public func includes(_ supervisor: Supervisor) -> Bool {
        isEveryone || categories.contains(supervisor.category) || ids.contains(supervisor.id)
    }

    /// A short Chinese description, e.g. `全体监督员` or `民营企业、S007`.
    public var summary: String {
        isEveryone ? "全体监督员" : (categories.map(\.rawValue) + ids).joined(separator: "、")
    }
}
