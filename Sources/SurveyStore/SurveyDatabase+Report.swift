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
        return ReportData.make(
            tally: tally, rows: rows, reviewItems: reviewItems, respondents: respondents,
            rosterSize: try roster().count, at: now, office: office,
            participation: try participation(order: office.categories), selfChecks: try selfChecks())
    }
}
