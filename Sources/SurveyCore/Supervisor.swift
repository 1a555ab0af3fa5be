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

/// The three groups the office draws supervisors from.
public enum SupervisorCategory: String, Codable, Sendable, CaseIterable {
    case privateEnterprise = "民营企业"
    case community = "基层社区"
    case agency = "机关单位"
}
