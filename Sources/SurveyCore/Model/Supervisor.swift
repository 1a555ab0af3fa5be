/// A business-environment supervisor (营商环境监督员) on the roster.
public struct Supervisor: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var category: SupervisorCategory
    /// The enterprise, community or agency the supervisor represents.
    public var organization: String?
    public var phone: String?

    public init(id: String, name: String, category: SupervisorCategory, organization: String? = nil, phone: String? = nil) {
        self.id = id
        self.name = name
        self.category = category
        self.organization = organization
        self.phone = phone
    }
}

/// A group the office draws supervisors from (民营企业, 基层社区, 人大代表, 商协会, …). The office
/// file (`Surveys/office.yaml`) lists the categories in use; one already stored stays valid.
public struct SupervisorCategory: RawRepresentable, Codable, Hashable, Sendable, Comparable, ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let privateEnterprise: SupervisorCategory = "民营企业"
    public static let community: SupervisorCategory = "基层社区"
    public static let agency: SupervisorCategory = "机关单位"

    /// The categories used when the office file names none.
    public static let standard: [SupervisorCategory] = [.privateEnterprise, .community, .agency]

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
