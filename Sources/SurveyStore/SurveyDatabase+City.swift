import Foundation
import SurveyReports

extension SurveyDatabase {
    /// This district's figures for the city office, read in one snapshot.
    public func districtSummary(name: String, at now: Date) throws -> DistrictSummary {
        let (supervisors, respondents, submissions) = try store.read { db in
            (
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM supervisors") ?? 0,
                try db.fetchOne(Int.self, sql: "SELECT COUNT(DISTINCT supervisor_id) FROM submissions") ?? 0,
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM submissions") ?? 0
            )
        }
        return DistrictSummary(
            district: name, supervisors: supervisors, respondents: respondents, submissions: submissions, rows: try rectificationRows(), at: now)
    }
}
