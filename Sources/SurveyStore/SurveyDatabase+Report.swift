import Foundation
import SurveyCore
import SurveyReports

extension SurveyDatabase {
    /// The findings of every stored submission, counted from scratch.
    public func recomputeFindings() throws -> FindingTally {
        var versions: [String: Survey] = [:]
        for (published, _) in try published() { versions["\(published.survey.id)#\(published.version)"] = published.survey }
        let categories = Dictionary(try roster().map { ($0.supervisor.id, $0.supervisor.category.rawValue) }, uniquingKeysWith: { first, _ in first })
        return FindingTally.recompute(try submissions(), survey: { versions["\($0)#\($1)"] }, category: { categories[$0] })
    }

    /// Whether the store holds the sample dataset: `survey sample-data` writes as `sample-data`.
    public func holdsSampleData() throws -> Bool {
        try store.read { db in try db.fetchOne(Int.self, sql: "SELECT 1 FROM audit_log WHERE actor = 'sample-data' LIMIT 1") != nil }
    }

    /// The report straight from the database file, without a server: for offline use. Rows not yet
    /// stored are numbered as the server would number them, but nothing is written.
    public func offlineReport(
        reviewItems: [ReviewItem], threshold: FindingThreshold, calendar: WorkCalendar, office: OfficeProfile,
        at now: Date
    ) throws -> ReportData {
        let tally = try recomputeFindings()
        let rows = Register.build(
            tally: tally, stored: try rectificationRows(), reviewItems: reviewItems, threshold: threshold, calendar: calendar,
            approvedComments: try approvedCommentIDs())
        let respondents = Set(try submissions().map(\.supervisorID)).count
        var data = ReportData.make(
            tally: tally, rows: rows, reviewItems: reviewItems, respondents: respondents,
            rosterSize: try roster().count, at: now, office: office,
            participation: try participation(order: office.categories), selfChecks: try selfChecks())
        data.demo = try holdsSampleData()
        return data
    }
}
