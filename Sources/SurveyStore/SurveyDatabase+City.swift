import Foundation

extension SurveyDatabase {
    /// This district's supervisors, those who answered, and their answers, read in one snapshot
    /// (for the city office's summary).
    public func districtCounts() throws -> (supervisors: Int, respondents: Int, submissions: Int) {
        try store.read { db in
            (
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM supervisors") ?? 0,
                try db.fetchOne(Int.self, sql: "SELECT COUNT(DISTINCT supervisor_id) FROM submissions") ?? 0,
                try db.fetchOne(Int.self, sql: "SELECT COUNT(*) FROM submissions") ?? 0
            )
        }
    }
}
