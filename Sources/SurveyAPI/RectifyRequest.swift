import SurveyCore

/// `POST /api/rectify/N` body: one workflow step.
public struct RectifyRequest: Codable, Sendable, Equatable {
    /// `assign`, `progress`, `measure`, `measure_done`, `done`, `signoff`, `reopen`, `verify` or `urge`.
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
    /// With `verify`: 属实, 部分属实 or 不属实 (or `confirmed`, `partial`, `unfounded`).
    public var result: String?

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
    public static let actions = "assign、progress、measure、measure_done、done、signoff、reopen、verify、urge"

    /// The workflow step this request asks for, or what keeps it from being one, in words: an
    /// unknown action, the fields it lacks (by name), an invalid 整改类别.
    public var workflowStep: Result<RectifyAction, RectifyError> {
        func lacking(_ fields: (name: String, value: Any?)...) -> Result<RectifyAction, RectifyError> {
            .failure(RectifyError("操作“\(action)”缺少" + fields.filter { $0.value == nil }.map(\.name).joined(separator: "、")))
        }
        switch action {
        case "assign":
            guard let unit, let measure, let deadline else {
                return lacking(("责任单位（unit）", unit), ("整改措施（measure）", measure), ("时限（deadline）", deadline))
            }
            let named = category.flatMap(RectificationCategory.init(named:))
            if let category, named == nil {
                let allowed = RectificationCategory.allCases.map(\.label).joined(separator: "、")
                return .failure(RectifyError("整改类别“\(category.prefix(32))”无效，应为 \(allowed) 之一"))
            }
            return .success(
                .assign(
                    unit: unit, measure: measure, deadline: deadline, partners: partners, category: named, owner: owner,
                    shareable: shareable))
        case "progress":
            guard let note else { return lacking(("进展情况（note）", note)) }
            return .success(.progress(note: note))
        case "measure":
            guard let measure, let deadline else { return lacking(("整改措施（measure）", measure), ("时限（deadline）", deadline)) }
            return .success(.addMeasure(text: measure, deadline: deadline))
        case "measure_done":
            guard let index else { return lacking(("措施序号（index）", index)) }
            return .success(.measureDone(index: index))
        case "done": return .success(.done(evidence: evidence))
        case "signoff":
            // The server sets `by` to the signing leader.
            guard let by else { return lacking(("销号人（by）", by)) }
            return .success(.signOff(by: by, opinion: opinion))
        case "reopen": return .success(.reopen)
        case "urge": return .success(.urge(note: note))
        case "verify":
            guard let result, let note else { return lacking(("核实结果（result）", result), ("核实情况（note）", note)) }
            guard let named = LeadVerification(named: result), named != .pending else {
                return .failure(RectifyError("核实结果“\(result.prefix(32))”无效，应为 \(LeadVerification.results) 之一"))
            }
            return .success(.verify(result: named, note: note))
        default: return .failure(RectifyError("操作“\(action.prefix(32))”不是 \(Self.actions) 之一"))
        }
    }
}
