/// `POST /api/rectify/N` body: one workflow step.
public struct RectifyRequest: Codable, Sendable, Equatable {
    /// `assign`, `progress`, `done` or `signoff`.
    public var action: String
    public var unit: String?
    public var measure: String?
    public var deadline: String?
    public var note: String?
    public var evidence: String?
    public var by: String?
    /// Why a step is skipped or taken back.
    public var reason: String?
    /// Who does it, for the audit trail.
    public var actor: String?

    public init(action: String, unit: String? = nil, measure: String? = nil, deadline: String? = nil, note: String? = nil,
                evidence: String? = nil, by: String? = nil, reason: String? = nil, actor: String? = nil) {
        self.action = action
        self.unit = unit
        self.measure = measure
        self.deadline = deadline
        self.note = note
        self.evidence = evidence
        self.by = by
        self.reason = reason
        self.actor = actor
    }

    /// The workflow action, or nil when the name is unknown or its field is missing.
    public var workflowAction: RectifyAction? {
        switch action {
        case "assign":
            guard let unit, let measure, let deadline else { return nil }
            return .assign(unit: unit, measure: measure, deadline: deadline)
        case "progress": return note.map { .progress(note: $0) }
        case "done": return evidence.map { .done(evidence: $0) }
        case "signoff": return by.map { .signOff(by: $0) }  // the server sets `by` to the signing leader
        default: return nil
        }
    }
}
