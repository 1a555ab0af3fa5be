import Testing

@testable import survey

/// What `survey status` prints.
@Suite struct StatusTextTests {
    /// Nobody missing reads 100%; one missing never does.
    @Test func theSubmissionRateIsRoundedDown() {
        #expect(Status.rate(277, of: 278) == "99.6%")
        #expect(Status.rate(2_499, of: 2_500) == "99.9%")
        #expect(Status.rate(278, of: 278) == "100.0%")
        #expect(Status.rate(0, of: 5) == "0.0%")
    }
}
