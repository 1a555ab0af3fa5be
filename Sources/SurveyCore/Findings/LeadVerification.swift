import Foundation

/// Where a lead (线索) stands in 核实: a single report is checked before it is called a problem.
public enum LeadVerification: String, Codable, Sendable, CaseIterable {
    /// 待核实: not yet checked; not counted as a problem.
    case pending
    /// 属实: a problem to hand over and fix.
    case confirmed
    /// 部分属实: the part found true is a problem.
    case partial
    /// 不属实: closed with its reason, kept in the 台账, counted nowhere as a problem.
    case unfounded

    /// The result in the office's words.
    public var label: String {
        switch self {
        case .pending: "待核实"
        case .confirmed: "属实"
        case .partial: "部分属实"
        case .unfounded: "不属实"
        }
    }

    /// A result named by its Chinese label or its code (`confirmed`, `partial`, `unfounded`).
    public init?(named text: String) {
        let text = text.trimmingCharacters(in: .whitespaces)
        guard let found = Self.allCases.first(where: { $0.label == text || $0.rawValue == text }) else { return nil }
        self = found
    }

    /// The results `verify` may give, for messages.
    public static let results = "属实、部分属实、不属实"
}
