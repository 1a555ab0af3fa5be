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
