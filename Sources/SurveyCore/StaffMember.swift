/// A named member of the office's staff, who reaches the admin API with a personal token. Every
/// change they make is recorded under their name.
public struct StaffMember: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole

    public init(name: String, role: StaffRole) {
        self.name = name
        self.role = role
    }

    /// The shared admin token made at first start: the first office account.
    public static let legacyAdmin = StaffMember(name: "管理员", role: .office)
}

/// What a staff member may do with the rectification list.
public enum StaffRole: String, Codable, Sendable, CaseIterable {
    /// 办公室工作人员: launch, assign, record progress and results, manage staff.
    case office
    /// 领导: also signs rows off (销号), but never one they marked rectified themselves.
    case leader

    public var label: String {
        switch self {
        case .office: "工作人员"
        case .leader: "领导"
        }
    }
}

/// A staff account as listed (never its token).
public struct StaffEntry: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    public var createdAt: String
    public var revokedAt: String?

    public init(name: String, role: StaffRole, createdAt: String, revokedAt: String?) {
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }
}

/// `POST /api/staff` and its reissue and revoke calls.
public struct StaffRequest: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole?

    public init(name: String, role: StaffRole? = nil) {
        self.name = name
        self.role = role
    }
}

/// A staff token, shown this once.
public struct StaffTokenReply: Codable, Sendable, Equatable {
    public var name: String
    public var role: StaffRole
    public var token: String

    public init(name: String, role: StaffRole, token: String) {
        self.name = name
        self.role = role
        self.token = token
    }
}
