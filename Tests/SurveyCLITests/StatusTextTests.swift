import SurveyReports
import Testing

@testable import survey

/// What `survey status` prints.
@Suite struct StatusTextTests {
    /// The same rate as the report gives (rounded to one decimal), except that nobody missing reads
    /// 100% and one missing never does; none reads 0% and one answer never does.
    @Test func theSubmissionRateIsTheReportsRate() {
        #expect(ReportRenderer.rate(6, of: 22) == "27.3%")
        #expect(ReportRenderer.rate(277, of: 278) == "99.6%")
        #expect(ReportRenderer.rate(2_999, of: 3_000) == "99.9%")
        #expect(ReportRenderer.rate(278, of: 278) == "100.0%")
        #expect(ReportRenderer.rate(1, of: 3_000) == "0.1%")
        #expect(ReportRenderer.rate(0, of: 5) == "0.0%")
        #expect(ReportRenderer.rate(0, of: 0) == "—")
    }
}
