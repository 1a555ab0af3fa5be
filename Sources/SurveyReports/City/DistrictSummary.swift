import Foundation
import SurveyCore

/// One district's figures for the city office: participation and where its 整改台账 stands.
public struct DistrictSummary: Sendable, Equatable {
    public var district: String
    public var supervisors: Int
    /// Supervisors who answered at least one survey.
    public var respondents: Int
    public var submissions: Int
    public var rows: Int
    public var signedOff: Int
    /// 已整改, waiting for 销号.
    public var rectified: Int
    /// Not yet rectified and past the deadline.
    public var overdue: Int

    /// Counts `rows` as the district report does: 整改率 is (已整改 + 已销号) over the problems, leads
    /// not yet verified and those found untrue left out.
    public init(district: String, supervisors: Int, respondents: Int, submissions: Int, rows: [RectificationRow], at now: Date) {
        let rows = rows.filter(\.isProblem)
        self.district = district
        self.supervisors = supervisors
        self.respondents = respondents
        self.submissions = submissions
        self.rows = rows.count
        signedOff = rows.filter { $0.status == .signedOff }.count
        rectified = rows.filter { $0.status == .rectified }.count
        overdue = rows.filter { $0.isOverdue(at: now) }.count
    }

    /// Rows not yet rectified (待交办, 已交办, 整改中).
    public var open: Int { rows - signedOff - rectified }

    /// The city's totals, as one more line.
    public static func total(_ districts: [DistrictSummary]) -> DistrictSummary {
        var total = DistrictSummary(district: "合计", supervisors: 0, respondents: 0, submissions: 0, rows: [], at: Date())
        for district in districts {
            total.supervisors += district.supervisors
            total.respondents += district.respondents
            total.submissions += district.submissions
            total.rows += district.rows
            total.signedOff += district.signedOff
            total.rectified += district.rectified
            total.overdue += district.overdue
        }
        return total
    }
}
