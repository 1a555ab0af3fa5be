import SurveyCore

/// `POST /api/rectify/N` body: one workflow step.
public struct RectifyRequest: Codable, Sendable, Equatable {
    /// `assign`, `progress`, `measure`, `measure_done`, `done`, `signoff` or `reopen`.
    public var action: String
    public var unit: String?
    /// The first measure (`assign`) or another one (`measure`).
    public var measure: String?
    public var deadline: String?
    /// 配合单位, 整改类别 (`immediate`, `scheduled`, `long_term` or the Chinese label) and 责任人, with `assign`.
    public var partners: [String]?
    public var category: String?
    public var owner: String?
    /// With `assign`: whether units may see who raised a case.
    public var shareable: Bool?
    public var note: String?
    /// The measure's number, from 1, for `measure_done`.
    public var index: Int?
    public var evidence: String?
    /// 验收意见, with `signoff`.
    public var opinion: String?
    public var by: String?
    /// Why a step is skipped or taken back.
    public var reason: String?
    /// Who does it, for the audit trail.
    public var actor: String?

    public init(
        action: String, unit: String? = nil, measure: String? = nil, deadline: String? = nil, partners: [String]? = nil,
        category: String? = nil, owner: String? = nil, note: String? = nil, index: Int? = nil, evidence: String? = nil,
        opinion: String? = nil, by: String? = nil, reason: String? = nil, actor: String? = nil
    ) {
        self.action = action
        self.unit = unit
        self.measure = measure
        self.deadline = deadline
        self.partners = partners
        self.category = category
        self.owner = owner
        self.note = note
        self.index = index
        self.evidence = evidence
        self.opinion = opinion
        self.by = by
        self.reason = reason
        self.actor = actor
    }

    /// The action names, for error messages.
    public static let actions = "assign、progress、measure、measure_done、done、signoff、reopen"

    /// What keeps this request from being a workflow step, in words; nil when it is one.
    public var problem: String? {
        let required: [String: [(field: String, name: String, present: Bool)]] = [
            "assign": [("unit", "责任单位", unit != nil), ("measure", "整改措施", measure != nil), ("deadline", "时限", deadline != nil)],
            "progress": [("note", "进展情况", note != nil)],
            "measure": [("measure", "整改措施", measure != nil), ("deadline", "时限", deadline != nil)],
            "measure_done": [("index", "措施序号", index != nil)],
            "done": [], "signoff": [], "reopen": [],
        ]
        guard let fields = required[action] else { return "操作“\(action.prefix(32))”不是 \(Self.actions) 之一" }
        let missing = fields.filter { !$0.present }.map { "\($0.name)（\($0.field)）" }
        if !missing.isEmpty { return "操作“\(action)”缺少\(missing.joined(separator: "、"))" }
        if action == "assign", let category, RectificationCategory(named: category) == nil {
            return "整改类别“\(category.prefix(32))”无效，应为 \(RectificationCategory.allCases.map(\.label).joined(separator: "、")) 之一"
        }
        return nil
    }

    /// The workflow action, or nil when the name is unknown or its field is missing.
    public var workflowAction: RectifyAction? {
        switch action {
        case "assign":
            guard let unit, let measure, let deadline else { return nil }
            let named = category.flatMap(RectificationCategory.init(named:))
            if category != nil && named == nil { return nil }
            return .assign(
                unit: unit, measure: measure, deadline: deadline, partners: partners, category: named, owner: owner,
                shareable: shareable)
        case "progress": return note.map { .progress(note: $0) }
        case "measure":
            guard let measure, let deadline else { return nil }
            return .addMeasure(text: measure, deadline: deadline)
        case "measure_done": return index.map { .measureDone(index: $0) }
        case "done": return .done(evidence: evidence)
        case "signoff": return by.map { .signOff(by: $0, opinion: opinion) }  // the server sets `by` to the signing leader
        case "reopen": return .reopen
        default: return nil
        }
    }
}
