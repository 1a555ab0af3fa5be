import Foundation
import SurveyCore
import SurveyReports
import SurveyStore

/// The report assembled from the store: the store knows no report, the report no store.
extension SurveyDatabase {
    /// The report straight from the database file, without a server: for offline use, and for a
    /// report as it stood at the end of an earlier day (`asOf`). Rows not yet stored are numbered as
    /// the server would number them, but nothing is written.
    public func offlineReport(
        reviewItems: [ReviewItem], threshold: FindingThreshold, calendar: WorkCalendar, office: OfficeProfile,
        at now: Date, asOf: Date? = nil
    ) throws -> ReportData {
        let tally = try recomputeFindings(until: asOf)
        let stored = try asOf.map { try rectificationRows(asOf: $0) } ?? rectificationRows()
        var rows = Register.build(
            tally: tally, stored: stored, reviewItems: reviewItems, threshold: threshold, calendar: calendar,
            approvedComments: try approvedCommentIDs())
        // As of an earlier day, only the rows stored by then: the register took problems in as answers came.
        if asOf != nil {
            let storedKeys = Set(stored.map(\.key))
            rows = rows.filter { storedKeys.contains($0.key) }
        }
        let submitted = try submissions(until: asOf)
        let respondents = Set(submitted.map(\.supervisorID))
        var participation = try participation(order: office.categories)
        if asOf != nil {
            let categories = try supervisorCategories()
            let answered = Dictionary(grouping: respondents, by: { categories[$0] ?? "" }).mapValues(\.count)
            participation = participation.map { CategoryParticipation(category: $0.category, roster: $0.roster, respondents: answered[$0.category] ?? 0) }
        }
        var data = ReportData.make(
            tally: tally, rows: rows, reviewItems: reviewItems, respondents: respondents.count,
            rosterSize: try roster().count, at: asOf.map { $0.addingTimeInterval(-1) } ?? now, office: office,
            participation: participation, selfChecks: try selfChecks())
        data.demo = try holdsSampleData()
        data.asOf = asOf.map { Day.string($0.addingTimeInterval(-1)) }
        return data
    }

    /// This district's figures for the city office.
    public func districtSummary(name: String, at now: Date) throws -> DistrictSummary {
        let counts = try districtCounts()
        return DistrictSummary(
            district: name, supervisors: counts.supervisors, respondents: counts.respondents, submissions: counts.submissions,
            rows: try rectificationRows(), at: now)
    }
}
