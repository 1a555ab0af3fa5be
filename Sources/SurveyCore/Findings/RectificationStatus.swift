/// Where a rectification row stands: identified → assigned → in progress → rectified → signed off.
public enum RectificationStatus: String, Codable, Sendable, CaseIterable, Comparable {
    case identified
    case assigned
    case inProgress = "in_progress"
    case rectified
    case signedOff = "signed_off"

    /// The Chinese name used in the 整改清单.
    public var label: String {
        switch self {
        case .identified: "待交办"
        case .assigned: "已交办"
        case .inProgress: "整改中"
        case .rectified: "已整改"
        case .signedOff: "已销号"
        }
    }

    var step: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.step < rhs.step }
}
