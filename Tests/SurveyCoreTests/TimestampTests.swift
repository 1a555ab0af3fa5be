import Foundation
import SurveySamples
import Testing

@testable import SurveyCore

/// The protocol's timestamps: the fast formatter agrees with Foundation's ISO 8601 style.
struct TimestampTests {
    /// Instants whose milliseconds are exact in binary (multiples of 1/8 s), so that Foundation's
    /// truncation of the fraction cannot differ from ours by a rounding step.
    @Test func formattingMatchesFoundationOverManyDates() {
        var random = SplitMix64(seed: 2026)
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        let fixed: [Int64] = [0, -8, 951_782_400 * 8 + 4, 4_102_444_799 * 8 + 7, 1_798_761_599 * 8, -86_400 * 8 - 2]
        let eighths = fixed.map(Double.init) + (0..<5000).map { _ in Double(random.next() % 64_000_000_000) - 16_000_000_000 }
        for eighth in eighths {
            let date = Date(timeIntervalSince1970: eighth / 8)
            #expect(Timestamp.string(date) == date.formatted(style), "\(eighth / 8)")
        }
    }

    @Test func parsingReadsWhatFormattingWrites() throws {
        let date = Date(timeIntervalSince1970: 1_795_000_000.123)
        #expect(Timestamp.string(date) == "2026-11-18T11:06:40.123Z")
        let parsed = try #require(Timestamp.date(Timestamp.string(date)))
        #expect(abs(parsed.timeIntervalSince(date)) < 0.001)
    }

    /// What the store writes and later reads back formats to the same text (acks carry `storedAt`).
    @Test func aStoredTimeReadsBackToTheSameText() throws {
        var random = SplitMix64(seed: 6455)
        for _ in 0..<20_000 {
            let milliseconds = Double(random.next() % 4_000_000_000_000)
            let date = Date(timeIntervalSince1970: milliseconds / 1000 + Double(random.next() % 1000) / 1_000_000)
            let text = Timestamp.string(date)
            let parsed = try #require(Timestamp.date(text))
            #expect(Timestamp.string(parsed) == text)
        }
    }
}
